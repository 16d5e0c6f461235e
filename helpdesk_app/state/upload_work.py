"""What the UI's upload handlers do in their worker thread while the files stream in.

Each function signs the user in from the page's cookie header, calls the use case (which owns
its transaction) and reports an `UploadOutcome`; the handler then shows it. They touch no Reflex
state: a background handler may change its state only on the event loop.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlmodel import Session

from helpdesk_app import runtime
from helpdesk_app.db import new_session
from helpdesk_app.models import TicketCreate, User
from helpdesk_app.services.attachments.errors import AttachmentServiceUnavailable
from helpdesk_app.services.attachments.intake import IncomingFile, UploadRejected
from helpdesk_app.services.attachments.upload import resolve_target, upload
from helpdesk_app.services.common.errors import DomainError, InvalidInput, NotFound
from helpdesk_app.services.identity import access
from helpdesk_app.services.intake.new_ticket import open_ticket_with_files
from helpdesk_app.services.intake.reply import reply_with_files

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


def _services() -> dict:
    return {"storage": runtime.get_storage(), "scanner": runtime.get_scanner(), "limits": runtime.get_limits()}


def _run(cookie_header: str, work: Callable[[Session, User], UploadOutcome]) -> UploadOutcome:
    """The use case's outcome; on any refusal it kept nothing (its message included), and says why."""
    with new_session() as session:
        actor = access.caller_from_cookie_header(session, cookie_header)
        if actor is None:
            return UploadOutcome(signed_out=True)
        try:
            return work(session, actor)
        except UploadRejected as e:
            return UploadOutcome(file_errors=[f.message for f in e.failures] + [RETRY])
        except AttachmentServiceUnavailable as e:  # storage or the virus scanner is down
            return UploadOutcome(file_errors=[e.message])
        except NotFound:
            return UploadOutcome(not_found=True)
        except InvalidInput as e:
            return UploadOutcome(fields=e.fields)
        except DomainError as e:
            return UploadOutcome(fields={"form": e.message})


def open_ticket(cookie_header: str, data: TicketCreate, files: Iterable[IncomingFile]) -> UploadOutcome:
    """The ticket and its files are kept together, or neither."""
    def work(session: Session, actor: User) -> UploadOutcome:
        ticket = open_ticket_with_files(session, actor=actor, data=data, files=files, **_services())
        return UploadOutcome(ticket_id=ticket.id)
    return _run(cookie_header, work)


def reply(cookie_header: str, ticket_id: int, body: str, internal: bool,
          files: Iterable[IncomingFile], canned_ids: list[int] | None = None) -> UploadOutcome:
    """The reply (or internal note) and its files are kept together, or neither; `canned_ids` are the
    canned replies inserted into it."""
    def work(session: Session, actor: User) -> UploadOutcome:
        reply_with_files(session, actor=actor, ticket_id=ticket_id, body=body, internal=internal, files=files,
                         canned_ids=canned_ids or [], **_services())
        return UploadOutcome()
    return _run(cookie_header, work)


def attach(cookie_header: str, ticket_id: int, files: Iterable[IncomingFile]) -> UploadOutcome:
    """Files dropped on the ticket itself."""
    def work(session: Session, actor: User) -> UploadOutcome:
        upload(session, actor=actor, target=resolve_target(session, actor=actor, ticket_id=ticket_id), files=files,
               **_services())
        return UploadOutcome()
    return _run(cookie_header, work)
