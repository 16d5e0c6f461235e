"""/tickets/new: open a ticket (agents may open one for a customer)."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.models import TicketCreate, TicketPriority
from helpdesk_app.services.identity import users
from helpdesk_app.state import upload_work
from helpdesk_app.state.display import Option
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.uploads import UploadMixin

MYSELF = "self"
UPLOAD_ID = "new-ticket-files"


class TicketFormState(UploadMixin, SessionState):
    subject: str = ""
    description: str = ""
    priority: str = TicketPriority.normal.value
    requester: str = MYSELF
    customer_options: list[Option] = []
    errors: dict[str, str] = {}
    busy: bool = False

    @rx.var
    def subject_error(self) -> str:
        return self.errors.get("subject", "")

    @rx.var
    def description_error(self) -> str:
        return self.errors.get("description", "")

    @rx.var
    def requester_error(self) -> str:
        return self.errors.get("requester_id", "")

    @rx.var
    def form_error(self) -> str:
        return self.errors.get("form", "")

    @rx.event
    async def load(self):
        self.subject = self.description = ""
        self.priority, self.requester, self.errors, self.busy = TicketPriority.normal.value, MYSELF, {}, False
        self.rejected, self.upload_errors = [], []
        self._upload_done()
        self._clear_files(UPLOAD_ID)  # a form opened afresh: no files left chosen from the last one
        actor, customers = await self._signed_in(
            lambda session, actor: users.list_customers(session, actor=actor) if actor.is_staff else [])
        if actor is None:
            return self._login_redirect()
        self.customer_options = [Option(str(u.id), f"{u.name} <{u.email}>") for u in customers]
        return None

    @rx.event
    def set_subject(self, value: str):
        self.subject = value

    @rx.event
    def set_description(self, value: str):
        self.description = value

    @rx.event
    def set_priority(self, value: str):
        self.priority = value

    @rx.event
    def set_requester(self, value: str):
        self.requester = value

    def _upload_done(self) -> None:
        super()._upload_done()
        self.busy = False

    @rx.event(background=True)
    async def submit(self, chunks: rx.UploadChunkIterator):
        """Open the ticket and attach the files as they stream in: both are kept, or neither."""
        async with self:
            self.errors, self.upload_errors, self.busy, self.upload_zone = {}, [], True, UPLOAD_ID
            cookie = self.router.headers.cookie
            data = TicketCreate(
                subject=self.subject, description=self.description, priority=self.priority,
                requester_id=None if self.requester == MYSELF else int(self.requester),
            )
        outcome = await self._receive(chunks, lambda files: upload_work.open_ticket(cookie, data, files))
        async with self:
            self._upload_done()
            if outcome.signed_out:
                return self._login_redirect()
            self.errors, self.upload_errors = outcome.fields, outcome.file_errors
            if not outcome.ok:
                return None
        return rx.redirect(routes.ticket_url(outcome.ticket_id))
