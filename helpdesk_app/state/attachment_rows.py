"""Attachments as display rows, grouped by reply (0 for the ticket's own)."""

from sqlmodel import Session

from helpdesk_app.models import Attachment, Ticket, User
from helpdesk_app.services.attachments import listing
from helpdesk_app.services.common.policy import Action, can
from helpdesk_app.services.attachments.rules import human_size
from helpdesk_app.services.attachments.thumbnails import IMAGE_TYPES
from helpdesk_app.state.display import AttachmentRow, ago, file_icon, stamp

INLINE = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}


def attachment_rows(session: Session, actor: User, ticket: Ticket, rows: list[Attachment]) -> dict[int, list]:
    grouped: dict[int, list[AttachmentRow]] = {}
    for a in listing.attachments_public(session, rows):
        grouped.setdefault(a.reply_id or 0, []).append(AttachmentRow(
            id=a.id, filename=a.filename, size_label=human_size(a.size), content_type=a.content_type,
            icon=file_icon(a.content_type), uploader=a.uploaded_by.name, when=stamp(a.created_at),
            when_ago=ago(a.created_at), download_url=a.download_url,
            preview_url=f"{a.download_url}?inline=1" if a.content_type in INLINE else "",
            thumbnail_url=f"/api/v1/attachments/{a.id}/thumbnail" if a.content_type in IMAGE_TYPES else "",
            is_image=a.content_type in IMAGE_TYPES,
            can_delete=a.deleted_at is None and can(actor, Action.delete_attachment, ticket, owner_id=a.uploaded_by.id),
            deleted=a.deleted_at is not None,
        ))
    return grouped
