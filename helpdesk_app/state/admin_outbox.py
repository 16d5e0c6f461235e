"""/admin/outbox: the worker's queues at a glance, what failed and why, and sending it again (admins)."""

import dataclasses

import reflex as rx

from helpdesk_app.routes import ticket_url
from helpdesk_app.services.common.errors import DomainError, Forbidden
from helpdesk_app.services.mailing.overview import Queue, overview, retry_failed
from helpdesk_app.state.display import stamp
from helpdesk_app.state.session import SessionState


@dataclasses.dataclass
class QueueRow:
    """One outbox entry or mail as the page shows it."""
    id: int = 0
    what: str = ""  # the event, or the kind of mail
    recipient: str = ""  # a mail's address
    status: str = ""
    when: str = ""
    attempts: int = 0
    ticket_href: str = ""
    last_error: str = ""


def _event_row(e) -> QueueRow:
    return QueueRow(e.id, e.event, "", e.status.value, stamp(e.created_at), e.attempts,
                    ticket_url(e.ticket_id) if e.ticket_id else "", e.last_error or "")


def _mail_row(m) -> QueueRow:
    return QueueRow(m.id, m.kind.value.replace("_", " "), m.to_address, m.status.value, stamp(m.created_at),
                    m.attempts, ticket_url(m.ticket_id) if m.ticket_id else "", m.last_error or "")


class AdminOutboxState(SessionState):
    event_counts: dict[str, int] = {}
    mail_counts: dict[str, int] = {}
    failed_events: list[QueueRow] = []
    failed_mails: list[QueueRow] = []
    latest_mails: list[QueueRow] = []
    forbidden: bool = False
    message: str = ""
    error: str = ""

    async def _run(self, action=None):
        """`action(session, actor)` (answering a message), then the overview, off the event loop."""
        def work(session, actor):
            message, error = "", ""
            try:
                if action:
                    message = action(session, actor)
                return message, error, overview(session, actor=actor)
            except Forbidden:
                return None
            except DomainError as e:
                return message, e.message, overview(session, actor=actor)
        actor, outcome = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.forbidden = outcome is None
        if outcome is None:
            self.failed_events, self.failed_mails, self.latest_mails = [], [], []
            return None
        self.message, self.error, seen = outcome
        self.event_counts, self.mail_counts = seen.event_counts, seen.mail_counts
        self.failed_events = [_event_row(e) for e in seen.failed_events]
        self.failed_mails = [_mail_row(m) for m in seen.failed_mails]
        self.latest_mails = [_mail_row(m) for m in seen.latest_mails]
        return None

    @rx.event
    async def load(self):
        return await self._run()

    @rx.event
    async def retry(self, queue: str, item_id: int):
        """One failed item again (`item_id` > 0), or every failed one of the queue (0)."""
        def again(session, actor) -> str:
            count = retry_failed(session, actor=actor, queue=queue, ids=[item_id] if item_id > 0 else None)
            noun = "event" if Queue(queue) is Queue.events else "mail"
            return f"{count} failed {noun}{'' if count == 1 else 's'} will be tried again."
        return await self._run(again)
