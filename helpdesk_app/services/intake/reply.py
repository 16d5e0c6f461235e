"""Replying (or adding an internal note) with files: the message and every file are kept, or none."""

from collections.abc import Iterable, Sequence

from sqlmodel import Session

from helpdesk_app.models import Reply
from helpdesk_app.scanner import Scanner
from helpdesk_app.services.attachments.intake import IncomingFile
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.services.attachments.upload import UploadTarget, upload_with
from helpdesk_app.services.common.policy import Actor
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.services.conversation import replies
from helpdesk_app.storage import BlobStorage


@use_case
def reply_with_files(session: Session, *, actor: Actor, ticket_id: int, body: str, internal: bool = False,
                     files: Iterable[IncomingFile], storage: BlobStorage, scanner: Scanner,
                     limits: AttachmentLimits, canned_ids: Sequence[int] = ()) -> Reply:
    """The reply or note with its files (none is fine). Who may write what where, and the message,
    are checked before a byte of the files is read (NotFound, Forbidden, InvalidInput)."""
    ticket = replies.check_reply(session, actor=actor, ticket_id=ticket_id, body=body, internal=internal)

    def create() -> UploadTarget:
        added = replies.add_reply(session, actor=actor, ticket_id=ticket.id, body=body, internal=internal,
                                  canned_ids=canned_ids)
        return UploadTarget(ticket, added)
    return upload_with(session, actor=actor, storage=storage, scanner=scanner, limits=limits, ticket=ticket,
                       files=files, create=create).reply
