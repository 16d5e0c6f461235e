"""What /admin/outbox shows admins and lets them do: how many outbox entries and mails are waiting, sent or
failed, each failed one with its reason, the latest mails, and sending what failed again."""

import dataclasses
import enum

from sqlmodel import Session

from helpdesk_app.models import Mail, MailStatus, OutboxEntry, OutboxStatus
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.mailing import admin as mail_admin
from helpdesk_app.services.outbox import admin as outbox_admin


class Queue(enum.StrEnum):
    events = "events"  # the outbox: domain events for the worker
    mails = "mails"  # the outgoing mail made from them


@dataclasses.dataclass(frozen=True)
class Overview:
    event_counts: dict[str, int]
    mail_counts: dict[str, int]
    failed_events: list[OutboxEntry]
    failed_mails: list[Mail]
    latest_mails: list[Mail]


def overview(session: Session, *, actor: Actor, limit: int = 50) -> Overview:
    require(actor, Action.manage_outbox)
    return Overview(
        event_counts=outbox_admin.counts(session), mail_counts=mail_admin.mail_counts(session),
        failed_events=outbox_admin.entries(session, status=OutboxStatus.failed, limit=limit),
        failed_mails=mail_admin.mails(session, status=MailStatus.failed, limit=limit),
        latest_mails=mail_admin.mails(session, limit=limit),
    )


def retry_failed(session: Session, *, actor: Actor, queue: Queue | str, ids: list[int] | None = None) -> int:
    """Failed events or mails (those of `ids`, or all of them) due again; answers how many."""
    require(actor, Action.manage_outbox)
    if queue not in set(Queue):
        raise InvalidInput({"queue": "Choose events or mails."})
    if ids is not None and not all(valid_id(i) for i in ids):
        raise InvalidInput({"ids": "Give ids of failed items."})
    if Queue(queue) is Queue.events:
        return outbox_admin.retry(session, ids=ids)
    return mail_admin.retry_mails(session, ids=ids)
