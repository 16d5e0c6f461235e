"""/tickets/new: open a ticket (agents may open one for a customer)."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.db import session_scope
from helpdesk_app.models import TicketCreate, TicketPriority
from helpdesk_app.services import tickets, users
from helpdesk_app.services.errors import DomainError, InvalidInput
from helpdesk_app.state.display import Option
from helpdesk_app.services.attachment_upload import UploadTarget
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
    def load(self):
        self.subject = self.description = ""
        self.priority, self.requester, self.errors, self.busy = TicketPriority.normal.value, MYSELF, {}, False
        self.rejected, self.upload_errors = [], []
        self._upload_done()
        with session_scope() as session:
            actor = self._actor(session)
            if actor is None:
                return self._login_redirect()
            if actor.is_staff:
                self.customer_options = [Option(str(u.id), f"{u.name} <{u.email}>")
                                         for u in users.list_customers(session, actor=actor)]
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

    @rx.event
    def submit(self, files: list[rx.UploadFile]):
        """Open the ticket and attach the files in one go: both are kept, or neither."""
        self.errors, self.busy, self.upload_zone = {}, True, UPLOAD_ID
        data = TicketCreate(
            subject=self.subject, description=self.description, priority=self.priority,
            requester_id=None if self.requester == MYSELF else int(self.requester),
        )
        try:
            with session_scope() as session:
                actor = self._actor(session)
                if actor is None:
                    return self._login_redirect()
                ticket = tickets.create_ticket(session, actor=actor, data=data)
                if not self._store(session, actor, UploadTarget(ticket, None), files):
                    session.rollback()
                    return None
        except InvalidInput as e:
            self.errors = e.fields
            return None
        except DomainError as e:
            self.errors = {"form": e.message}
            return None
        finally:
            self.busy = False
            self._upload_done()
        return [rx.clear_selected_files(UPLOAD_ID), rx.redirect(routes.ticket_url(ticket.id))]
