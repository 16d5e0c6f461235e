"""What a ticket's files count against its limits: its attachments not soft-deleted.

Read before an upload's body (in the access lookup's one statement) and again under the ticket's
lock once the files are in (upload.py); both go by these conditions.
"""

from sqlalchemy import bindparam, func, select
from sqlmodel import Session

from helpdesk_app.models import Attachment

_attachments = Attachment.__table__
COUNTED_ON_TICKET = (_attachments.c.ticket_id == bindparam("ticket_id"), _attachments.c.deleted_at.is_(None))
FILES = select(func.count()).where(*COUNTED_ON_TICKET)
BYTES = select(func.coalesce(func.sum(_attachments.c.size), 0)).where(*COUNTED_ON_TICKET)
# Built once: it runs twice per upload, and building it cost as much as running it. A Core statement
# run on the session's connection (its transaction), not through Session.execute, whose ORM layer
# took as long again as the statement (75 us, in-process).
_USAGE = select(func.count(), func.coalesce(func.sum(_attachments.c.size), 0)).where(*COUNTED_ON_TICKET)


def ticket_usage(session: Session, ticket_id: int) -> tuple[int, int]:
    """Files and bytes the ticket holds (soft-deleted ones no longer count)."""
    count, total = session.connection().execute(_USAGE, {"ticket_id": ticket_id}).one()
    return int(count), int(total)
