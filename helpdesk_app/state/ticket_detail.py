"""/tickets/[ticket_id]: one ticket, its thread and files, the agent controls and the reply composer.

Every handler reads and writes through the services in a worker thread (state/ticket_page.py
reads the page), so a slow database never stalls the other tabs on this process.
"""

import reflex as rx

from helpdesk_app.models import TicketUpdate
from helpdesk_app.services import tickets
from helpdesk_app.services.attachments import deletion
from helpdesk_app.services.common.errors import DomainError, NotFound
from helpdesk_app.services.notifications import inbox
from helpdesk_app.state import upload_work
from helpdesk_app import routes
from helpdesk_app.state.display import AttachmentRow, Option, ThreadRow, tag_chips
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_page import TicketPage, read_page
from helpdesk_app.state.ticket_tags import TicketTagsMixin
from helpdesk_app.state.ticket_watchers import TicketWatchersMixin
from helpdesk_app.state.canned_picker import CannedPickerMixin
from helpdesk_app.state.uploads import UploadMixin

UNASSIGNED = "none"
REPLY_FILES = "reply-files"
TICKET_FILES = "ticket-files-zone"  # the drop zone; the card around it is #ticket-files


def _then_page(ticket_id: int, action=None, *, with_staff: bool = False):
    """The work for a worker thread: `action(session, actor)` (its error message, or None), then the
    page as it now is; the page is None for a ticket the actor may not see."""
    def work(session, actor) -> tuple[str | None, TicketPage | None]:
        message = action(session, actor) if action else None
        try:
            return message, read_page(session, actor, ticket_id, with_staff=with_staff)
        except NotFound:
            return message, None
    return work


class TicketDetailState(CannedPickerMixin, TicketTagsMixin, TicketWatchersMixin, UploadMixin, SessionState):
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
    requester_email: str = ""
    requester_others: list[Option] = []  # their other open tickets: value the URL, label number and subject
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

    def _show(self, page: TicketPage | None) -> None:
        if page is None:
            self.found, self.loaded, self.thread, self.ticket_files = False, True, [], []
            return
        t = page.ticket
        self.number, self.subject, self.description = t.number, t.subject, t.description
        self.status, self.priority = t.status.value, t.priority.value
        self.assignee = str(t.assignee.id) if t.assignee else UNASSIGNED
        self.assignee_name = t.assignee.name if t.assignee else ""
        self.requester_name, self.requester_email = page.requester.name, page.requester.email
        self.requester_others = [Option(routes.ticket_url(i), f"#{n} {s}") for i, n, s in page.requester.other_open]
        self.tags = tag_chips(t.tags)
        self.watchers = [Option(str(i), n) for i, n in page.watchers]
        self.muted = page.muted
        self.created, self.last_activity = page.created, page.last_activity
        self.thread, self.ticket_files = page.thread, page.ticket_files
        if page.staff:
            self.staff_options = [Option(UNASSIGNED, "Unassigned")] + [Option(str(i), n) for i, n in page.staff]
        self.found = self.loaded = True

    async def _act(self, action=None, *, with_staff: bool = False):
        """Run `action` and reload the page, off the event loop; its error message, if any."""
        actor, outcome = await self._signed_in(_then_page(self._ticket_id(), action, with_staff=with_staff))
        if actor is None:
            return None, self._login_redirect()
        message, page = outcome
        self._show(page)
        return message, None

    @rx.event
    async def load(self):
        self.reply_body, self.reply_internal, self.reply_error, self.control_error = "", False, "", ""
        self.tag_error, self.tag_suggestions, self.watcher_error = "", [], ""
        self.picker_open, self.canned_used = False, []
        self.rejected, self.upload_errors = [], []
        self._upload_done()
        ticket_id = self._ticket_id()

        def read_its_notifications(session, actor) -> None:  # opening the ticket is reading what the bell said
            inbox.mark_ticket_read(session, actor=actor, ticket_id=ticket_id)
        return (await self._act(read_its_notifications, with_staff=True))[1]

    @rx.event
    async def change(self, field: str, value: str):
        self.control_error = ""
        if field == "assignee_id":
            value = None if value == UNASSIGNED else int(value)
        ticket_id = self._ticket_id()

        def apply(session, actor) -> str | None:
            try:
                tickets.update_ticket(session, actor=actor, ticket_id=ticket_id, changes=TicketUpdate(**{field: value}))
            except NotFound:
                return None  # the page says so
            except DomainError as e:
                return e.message
            return None
        message, redirect = await self._act(apply)
        self.control_error = message or ""
        return redirect

    @rx.event
    def set_reply_internal(self, value: bool):
        self.reply_internal = value

    @rx.event(background=True)
    async def send_reply(self, chunks: rx.UploadChunkIterator):
        """The reply and its files, stored as they stream in, are kept together, or neither."""
        async with self:
            self.reply_error, self.upload_errors, self.upload_zone = "", [], REPLY_FILES
            cookie, ticket_id = self.router.headers.cookie, self._ticket_id()
            body, internal, used = self.reply_body, self.reply_internal, list(self.canned_used)
        outcome = await self._receive(chunks, lambda files: upload_work.reply(cookie, ticket_id, body, internal, files,
                                                                              used))
        actor, reread = await self._off_loop(cookie, _then_page(ticket_id))
        async with self:
            if outcome.ok:
                self.reply_body, self.reply_internal, self.canned_used = "", False, []
            return self._show_upload(outcome, REPLY_FILES, actor, reread)

    @rx.event(background=True)
    async def attach(self, chunks: rx.UploadChunkIterator):
        """Files dropped on the ticket itself are stored at once, as they stream in."""
        async with self:
            self.upload_errors, self.upload_zone = [], TICKET_FILES
            cookie, ticket_id = self.router.headers.cookie, self._ticket_id()
        outcome = await self._receive(chunks, lambda files: upload_work.attach(cookie, ticket_id, files))
        actor, reread = await self._off_loop(cookie, _then_page(ticket_id))
        async with self:
            return self._show_upload(outcome, TICKET_FILES, actor, reread)

    def _show_upload(self, outcome: upload_work.UploadOutcome, zone: str, actor, reread):
        """After an upload: why it was refused, or the page (`reread` after it) with the new reply and files."""
        self._upload_done()
        self._show_user(actor)
        if actor is None:
            return self._login_redirect()
        self.reply_error = outcome.fields.get("body") or outcome.fields.get("form", "")
        self.upload_errors = outcome.file_errors
        page = reread[1]
        self._show(page)
        if outcome.ok and page is not None:
            self._clear_files(zone)
        return None

    @rx.event
    async def delete_attachment(self, attachment_id: int):
        def delete(session, actor) -> str | None:
            try:
                deletion.delete_attachment(session, actor=actor, attachment_id=attachment_id)
            except DomainError as e:  # includes "not found": it may be gone already
                return e.message
            return None
        message, redirect = await self._act(delete)
        if message:
            self.upload_zone, self.upload_errors = TICKET_FILES, [message]
        return redirect
