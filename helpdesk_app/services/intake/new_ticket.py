"""Opening a ticket with files: the ticket and every file are kept, or none of them."""

from collections.abc import Iterable

from sqlmodel import Session

from helpdesk_app.models import Ticket, TicketCreate
from helpdesk_app.scanner import Scanner
from helpdesk_app.services import tickets
from helpdesk_app.services.attachments.intake import IncomingFile
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.services.attachments.upload import UploadTarget, upload_with
from helpdesk_app.services.common.policy import Actor
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.storage import BlobStorage


@use_case
def open_ticket_with_files(session: Session, *, actor: Actor, data: TicketCreate, files: Iterable[IncomingFile],
                           storage: BlobStorage, scanner: Scanner, limits: AttachmentLimits) -> Ticket:
    """The new ticket with its files (none is fine). The ticket is checked before a byte of the files
    is read (InvalidInput, Forbidden), and the files as they stream in (UploadRejected)."""
    tickets.check_new_ticket(session, actor=actor, data=data)
    reserved = tickets.reserve_id(session)  # its files then go straight under it (PostgreSQL)

    def create() -> UploadTarget:
        return UploadTarget(tickets.create_ticket(session, actor=actor, data=data, ticket_id=reserved), None)
    return upload_with(session, actor=actor, storage=storage, scanner=scanner, limits=limits, ticket=None,
                       files=files, create=create, reserved_id=reserved).ticket
