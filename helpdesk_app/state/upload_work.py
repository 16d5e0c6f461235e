"""What the UI's upload handlers do in their worker thread while the files stream in.

Each function signs the user in from the page's cookie header, does its work through the
services in one transaction, and reports an `UploadOutcome`; the handler then shows it. They
touch no Reflex state: a background handler may change its state only on the event loop.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from helpdesk_app import runtime
from helpdesk_app.db import session_scope
from helpdesk_app.models import TicketCreate, User
from helpdesk_app.services.identity import sessions
from helpdesk_app.services.conversation import replies
from helpdesk_app.services import tickets
from helpdesk_app.services.attachments.errors import AttachmentServiceUnavailable
from helpdesk_app.services.attachments.upload import (
    IncomingFile, UploadRejected, UploadTarget, resolve_target, upload, upload_with,
)
from helpdesk_app.services.common.errors import DomainError, InvalidInput, NotFound

RETRY = "No file was attached; fix the above and try again."


@dataclass
class UploadOutcome:
    signed_out: bool = False
    not_found: bool = False
    fields: dict[str, str] = field(default_factory=dict)  # form errors, by field ("form": the whole form)
    file_errors: list[str] = field(default_factory=list)  # the upload's refusals, file by file
    ticket_id: int = 0  # the ticket opened

    @property
    def ok(self) -> bool:
        return not (self.signed_out or self.not_found or self.fields or self.file_errors)


def _files(work) -> list[str]:
    """Run an upload; on a refusal nothing is kept (the ticket or reply of the same transaction
    included) and the reasons are returned."""
    try:
        work()
    except UploadRejected as e:
        return [f.message for f in e.failures] + [RETRY]
    except AttachmentServiceUnavailable as e:  # storage or the virus scanner is down
        return [e.message]
    return []


def _services() -> dict:
    return {"storage": runtime.get_storage(), "scanner": runtime.get_scanner(), "limits": runtime.get_limits()}


def _run(cookie_header: str, work) -> UploadOutcome:
    with session_scope() as session:
        actor = sessions.user_from_cookie_header(session, cookie_header)
        if actor is None:
            return UploadOutcome(signed_out=True)
        try:
            return work(session, actor)
        except NotFound:
            session.rollback()
            return UploadOutcome(not_found=True)
        except InvalidInput as e:
            session.rollback()
            return UploadOutcome(fields=e.fields)
        except DomainError as e:
            session.rollback()
            return UploadOutcome(fields={"form": e.message})


def open_ticket(cookie_header: str, data: TicketCreate, files: Iterable[IncomingFile]) -> UploadOutcome:
    """The ticket and its files are kept together, or neither."""
    def work(session: Session, actor: User) -> UploadOutcome:
        opened: list[int] = []
        reserved = tickets.reserve_id(session)  # its files then go straight under it (PostgreSQL)

        def create() -> UploadTarget:
            ticket = tickets.create_ticket(session, actor=actor, data=data, ticket_id=reserved)
            opened.append(ticket.id)
            return UploadTarget(ticket, None)
        errors = _files(lambda: upload_with(session, actor=actor, ticket=None, files=files, create=create,
                                            reserved_id=reserved, **_services()))
        return UploadOutcome(file_errors=errors) if errors else UploadOutcome(ticket_id=opened[0])
    return _run(cookie_header, work)


def reply(cookie_header: str, ticket_id: int, body: str, internal: bool,
          files: Iterable[IncomingFile]) -> UploadOutcome:
    """The reply (or internal note) and its files are kept together, or neither."""
    def work(session: Session, actor: User) -> UploadOutcome:
        ticket = tickets.get_visible(session, actor=actor, ticket_id=ticket_id)

        def create() -> UploadTarget:
            added = replies.add_reply(session, actor=actor, ticket_id=ticket.id, body=body, internal=internal)
            return UploadTarget(ticket, added)
        return UploadOutcome(file_errors=_files(lambda: upload_with(
            session, actor=actor, ticket=ticket, files=files, create=create, **_services())))
    return _run(cookie_header, work)


def attach(cookie_header: str, ticket_id: int, files: Iterable[IncomingFile]) -> UploadOutcome:
    """Files dropped on the ticket itself."""
    def work(session: Session, actor: User) -> UploadOutcome:
        target = resolve_target(session, actor=actor, ticket_id=ticket_id)
        return UploadOutcome(file_errors=_files(lambda: upload(session, actor=actor, target=target, files=files,
                                                               **_services())))
    return _run(cookie_header, work)
