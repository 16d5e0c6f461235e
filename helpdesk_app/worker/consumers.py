"""Which consumer handles which domain event. The next features add theirs here (notifications, search)."""

from collections.abc import Mapping, Sequence

from helpdesk_app import runtime
from helpdesk_app.services.attachments import thumbnails
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.outbox.delivery import Consumer


def _thumbnails(session, entry) -> None:
    """New images get their preview now, not on the first page that shows them."""
    thumbnails.prepare(session, storage=runtime.get_storage(), attachment_ids=entry.payload["attachment_ids"])


def consumers() -> Mapping[str, Sequence[Consumer]]:
    return {EventType.attachments_added.value: [Consumer("thumbnails", _thumbnails)]}
