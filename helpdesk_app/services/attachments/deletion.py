"""Soft delete (hidden at once, history kept) and purging the bytes after the retention period."""

from datetime import datetime

from sqlmodel import Session, select

from helpdesk_app.models import Attachment, Reply, TicketEvent, utcnow
from helpdesk_app.services.attachments.listing import get_visible_attachment
from helpdesk_app.services.attachments.names import EVENT_FIELD, NOTE_EVENT_FIELD, thumbnail_key
from helpdesk_app.services.common.errors import NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, transaction, use_case
from helpdesk_app.storage import BlobStorage, StorageError


@use_case
def delete_attachment(session: Session, *, actor: Actor, attachment_id: int) -> Attachment:
    """Soft delete: hidden from everyone but admins at once; the bytes go at the next purge."""
    attachment, ticket = get_visible_attachment(session, actor=actor, attachment_id=attachment_id)
    if attachment.deleted_at is not None:
        raise NotFound("Attachment not found.")
    require(actor, Action.delete_attachment, ticket, owner_id=attachment.uploaded_by_id)
    now = utcnow()
    attachment.deleted_at, attachment.deleted_by_id = now, actor.id
    session.add(attachment)
    reply = session.get(Reply, attachment.reply_id) if attachment.reply_id else None
    field = NOTE_EVENT_FIELD if reply is not None and reply.internal else EVENT_FIELD
    session.add(TicketEvent(ticket_id=ticket.id, actor_id=actor.id, field=field, created_at=now,
                            old_value=attachment.filename[:200], new_value=None))
    session.flush()
    record(session, EventType.attachment_deleted, ticket_id=ticket.id, actor_id=actor.id, attachment_id=attachment.id,
           reply_id=attachment.reply_id)
    return attachment


def purge_deleted(session: Session, storage: BlobStorage, *, deleted_before: datetime) -> tuple[int, int]:
    """Remove the stored bytes of attachments deleted before the given time. Returns (purged, failed)."""
    rows = session.exec(select(Attachment).where(
        Attachment.deleted_at.is_not(None), Attachment.deleted_at < deleted_before, Attachment.purged_at.is_(None),
    )).all()
    purged = failed = 0
    for attachment in rows:
        try:
            storage.delete(attachment.storage_key)
            storage.delete(thumbnail_key(attachment.storage_key))  # its preview, if one was made
        except StorageError:
            failed += 1  # stays unpurged; the next run tries again
            continue
        with transaction(session):  # one by one, so a crash never forgets bytes already removed
            attachment.purged_at = utcnow()
            session.add(attachment)
        purged += 1
    return purged, failed
