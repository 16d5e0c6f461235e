"""/tickets/[ticket_id]: one ticket, its thread and files, the agent controls and the reply composer.

What goes into this state comes from the services, which already drop internal
notes (and their files) for customers, so neither can reach a customer's browser.
"""

import reflex as rx
from sqlmodel import Session

from helpdesk_app.db import new_session
from helpdesk_app.models import TicketUpdate, User
from helpdesk_app.services.attachments import deletion, listing
from helpdesk_app.services.conversation.thread import get_thread
from helpdesk_app.services import tickets
from helpdesk_app.services.identity import users
from helpdesk_app.services.common.errors import DomainError, NotFound
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.state import upload_work
from helpdesk_app.state.attachment_rows import attachment_rows
from helpdesk_app.state.display import AttachmentRow, Option, ThreadRow, ago, stamp
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.uploads import UploadMixin

UNASSIGNED = "none"
REPLY_FILES = "reply-files"
TICKET_FILES = "ticket-files-zone"  # the drop zone; the card around it is #ticket-files


def _event_text(field: str, old: str | None, new: str | None) -> str:
    if field in ("attachment", "note_attachment"):
        return f"deleted the attachment {old}"
    return f"changed {field} from {old or 'none'} to {new or 'none'}"


class TicketDetailState(UploadMixin, SessionState):
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
    ticket_files: list[AttachmentRow] = []
    staff_options: list[Option] = []
    reply_body: str = ""
    reply_internal: bool = False
    reply_error: str = ""
    control_error: str = ""

    def _ticket_id(self) -> int:
        raw = self.ticket_id  # the dynamic route argument
        return int(raw) if str(raw).isdigit() else 0

    def _fill(self, session: Session, actor: User) -> None:
        found = tickets.get_visible(session, actor=actor, ticket_id=self._ticket_id())
        ticket = tickets_public(session, [found])[0]
        self.number, self.subject, self.description = ticket.number, ticket.subject, ticket.description
        self.status, self.priority = ticket.status.value, ticket.priority.value
        self.assignee = str(ticket.assignee.id) if ticket.assignee else UNASSIGNED
        self.assignee_name = ticket.assignee.name if ticket.assignee else ""
        self.requester_name = ticket.requester.name
        self.created, self.last_activity = stamp(ticket.created_at), ago(ticket.last_activity_at)
        files, _ = listing.list_for_ticket(session, actor=actor, ticket_id=ticket.id, per_page=100)
        by_reply = attachment_rows(session, actor, found, files)
        self.ticket_files = by_reply.get(0, [])
        rows = []
        for entry in get_thread(session, actor=actor, ticket_id=ticket.id):
            if entry.reply:
                r = entry.reply
                rows.append(ThreadRow(r.id, f"r{r.id}", entry.kind, r.author.name, r.author.role.value, r.body,
                                      stamp(r.created_at), ago(r.created_at), by_reply.get(r.id, [])))
            else:
                e = entry.event
                rows.append(ThreadRow(0, f"e{e.id}", "event", e.actor.name, e.actor.role.value,
                                      _event_text(e.field, e.old_value, e.new_value), stamp(e.created_at),
                                      ago(e.created_at)))
        self.thread = rows
        self.found = self.loaded = True

    def _with_actor(self, action):
        """Run `action(session, actor)` for the signed-in user, then reload the page's data."""
        with new_session() as session:
            actor = self._actor(session)
            if actor is None:
                return self._login_redirect()
            try:
                result = action(session, actor)
                self._fill(session, actor)
            except NotFound:
                self.found, self.loaded, self.thread, self.ticket_files = False, True, [], []
                return None
        return result

    @rx.event
    def load(self):
        self.reply_body, self.reply_internal, self.reply_error, self.control_error = "", False, "", ""
        self.rejected, self.upload_errors = [], []
        self._upload_done()

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
            except NotFound:
                raise
            except DomainError as e:
                self.control_error = e.message
        return self._with_actor(apply)

    @rx.event
    def set_reply_body(self, value: str):
        self.reply_body = value

    @rx.event
    def set_reply_internal(self, value: bool):
        self.reply_internal = value

    @rx.event(background=True)
    async def send_reply(self, chunks: rx.UploadChunkIterator):
        """The reply and its files, stored as they stream in, are kept together, or neither."""
        async with self:
            self.reply_error, self.upload_errors, self.upload_zone = "", [], REPLY_FILES
            cookie, ticket_id = self.router.headers.cookie, self._ticket_id()
            body, internal = self.reply_body, self.reply_internal
        outcome = await self._receive(chunks, lambda files: upload_work.reply(cookie, ticket_id, body, internal, files))
        async with self:
            if outcome.ok:
                self.reply_body, self.reply_internal = "", False
            return self._show_upload(outcome, REPLY_FILES)

    @rx.event(background=True)
    async def attach(self, chunks: rx.UploadChunkIterator):
        """Files dropped on the ticket itself are stored at once, as they stream in."""
        async with self:
            self.upload_errors, self.upload_zone = [], TICKET_FILES
            cookie, ticket_id = self.router.headers.cookie, self._ticket_id()
        outcome = await self._receive(chunks, lambda files: upload_work.attach(cookie, ticket_id, files))
        async with self:
            return self._show_upload(outcome, TICKET_FILES)

    def _show_upload(self, outcome: upload_work.UploadOutcome, zone: str):
        """After an upload: why it was refused, or the page reloaded with the new reply and files."""
        self._upload_done()
        self.reply_error = outcome.fields.get("body") or outcome.fields.get("form", "")
        self.upload_errors = outcome.file_errors
        reload = self._with_actor(lambda session, actor: None)  # not found, or signed out: says so
        if reload is not None or not outcome.ok:
            return reload
        return rx.clear_selected_files(zone)

    @rx.event
    def delete_attachment(self, attachment_id: int):
        def delete(session, actor):
            try:
                deletion.delete_attachment(session, actor=actor, attachment_id=attachment_id)
            except DomainError as e:  # includes "not found": it may be gone already
                self.upload_zone, self.upload_errors = TICKET_FILES, [e.message]
        return self._with_actor(delete)
