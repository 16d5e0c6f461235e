"""/tickets/[ticket_id]: one ticket, its thread, the agent controls and the reply composer.

What goes into this state comes from the services, which already drop internal
notes for customers, so a note can never reach a customer's browser.
"""

import reflex as rx
from sqlmodel import Session

from helpdesk_app.db import session_scope
from helpdesk_app.models import TicketUpdate, User
from helpdesk_app.services import replies, tickets, users
from helpdesk_app.services.errors import DomainError, InvalidInput, NotFound
from helpdesk_app.services.presenters import tickets_public
from helpdesk_app.state.display import Option, ThreadRow, ago, stamp
from helpdesk_app.state.session import SessionState

UNASSIGNED = "none"
FIELD_LABELS = {"status": "status", "priority": "priority", "assignee": "assignee"}


def _event_text(field: str, old: str | None, new: str | None) -> str:
    label = FIELD_LABELS.get(field, field)
    return f"changed {label} from {old or 'none'} to {new or 'none'}"


class TicketDetailState(SessionState):
    found: bool = True
    loaded: bool = False
    number: int = 0
    subject: str = ""
    description: str = ""
    status: str = ""
    priority: str = ""
    assignee: str = UNASSIGNED
    assignee_name: str = ""
    requester_name: str = ""
    created: str = ""
    last_activity: str = ""
    thread: list[ThreadRow] = []
    staff_options: list[Option] = []
    reply_body: str = ""
    reply_internal: bool = False
    reply_error: str = ""
    control_error: str = ""
    busy: bool = False

    def _ticket_id(self) -> int:
        raw = self.ticket_id  # the dynamic route argument
        return int(raw) if str(raw).isdigit() else 0

    def _fill(self, session: Session, actor: User) -> None:
        ticket = tickets_public(session, [tickets.get_visible(session, actor=actor, ticket_id=self._ticket_id())])[0]
        self.number, self.subject, self.description = ticket.number, ticket.subject, ticket.description
        self.status, self.priority = ticket.status.value, ticket.priority.value
        self.assignee = str(ticket.assignee.id) if ticket.assignee else UNASSIGNED
        self.assignee_name = ticket.assignee.name if ticket.assignee else ""
        self.requester_name = ticket.requester.name
        self.created, self.last_activity = stamp(ticket.created_at), ago(ticket.last_activity_at)
        rows = []
        for entry in replies.get_thread(session, actor=actor, ticket_id=ticket.id):
            if entry.reply:
                r = entry.reply
                rows.append(ThreadRow(f"r{r.id}", entry.kind, r.author.name, r.author.role.value, r.body,
                                      stamp(r.created_at), ago(r.created_at)))
            else:
                e = entry.event
                rows.append(ThreadRow(f"e{e.id}", "event", e.actor.name, e.actor.role.value,
                                      _event_text(e.field, e.old_value, e.new_value), stamp(e.created_at),
                                      ago(e.created_at)))
        self.thread = rows
        self.found = self.loaded = True

    def _with_actor(self, action):
        """Run `action(session, actor)` for the signed-in user; map domain errors for the page."""
        with session_scope() as session:
            actor = self._actor(session)
            if actor is None:
                return self._login_redirect()
            try:
                action(session, actor)
                self._fill(session, actor)
            except NotFound:
                session.rollback()
                self.found, self.loaded, self.thread = False, True, []
        return None

    @rx.event
    def load(self):
        self.reply_body, self.reply_internal, self.reply_error, self.control_error = "", False, "", ""

        def staff_list(session, actor):
            if actor.is_staff:
                self.staff_options = [Option(UNASSIGNED, "Unassigned")] + [
                    Option(str(u.id), u.name) for u in users.list_staff(session, actor=actor)
                ]
        return self._with_actor(staff_list)

    @rx.event
    def change(self, field: str, value: str):
        self.control_error = ""
        if field == "assignee_id":
            value = None if value == UNASSIGNED else int(value)

        def apply(session, actor):
            try:
                tickets.update_ticket(session, actor=actor, ticket_id=self._ticket_id(),
                                      changes=TicketUpdate(**{field: value}))
                session.commit()
            except NotFound:
                raise
            except DomainError as e:
                session.rollback()
                self.control_error = e.message
        return self._with_actor(apply)

    @rx.event
    def set_reply_body(self, value: str):
        self.reply_body = value

    @rx.event
    def set_reply_internal(self, value: bool):
        self.reply_internal = value

    @rx.event
    def send_reply(self):
        self.reply_error = ""

        def send(session, actor):
            try:
                replies.add_reply(session, actor=actor, ticket_id=self._ticket_id(), body=self.reply_body,
                                  internal=self.reply_internal)
                session.commit()
                self.reply_body, self.reply_internal = "", False
            except NotFound:
                raise
            except InvalidInput as e:
                session.rollback()
                self.reply_error = e.fields.get("body", e.message)
            except DomainError as e:
                session.rollback()
                self.reply_error = e.message
        return self._with_actor(send)
