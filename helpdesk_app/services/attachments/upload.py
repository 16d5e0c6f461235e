"""Upload: files streamed into storage first, then their rows; all or nothing per request.

Bytes are written first and rows committed after (intake.py does the first part), in one use case
(services.common.unit_of_work): on any failure every stored blob of the request is deleted again,
so no row without bytes and no bytes without a row remain. The database is only written once
every byte is in, so a slow upload never holds a database lock (SQLite's is the whole database's).
"""

import dataclasses
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlalchemy import insert
from sqlmodel import Session, select

from helpdesk_app.models import Attachment, Reply, Ticket, utcnow
from helpdesk_app.scanner import Scanner
from helpdesk_app.services.attachments import rules
from helpdesk_app.services.attachments.errors import (
    AttachmentServiceUnavailable, EmptyFile, FileTooLarge, TooManyFiles,
)
from helpdesk_app.services.attachments.intake import (
    IncomingFile, StoredFile, UploadRejected, discard_all, store_files,
)
from helpdesk_app.services.attachments.names import ticket_prefix
from helpdesk_app.services.attachments.usage import ticket_usage
from helpdesk_app.services.conversation.replies import get_visible_reply
from helpdesk_app.services.common.errors import NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import on_rollback, record, release_connection, use_case
from helpdesk_app.services.tickets import get_visible
from helpdesk_app.storage import BlobStorage, StorageError


@dataclass
class UploadTarget:
    ticket: Ticket
    reply: Reply | None


def resolve_target(session: Session, *, actor: Actor, ticket_id: int | None = None,
                   reply_id: int | None = None) -> UploadTarget:
    if reply_id is not None:
        reply, ticket = get_visible_reply(session, actor=actor, reply_id=reply_id)
        require(actor, Action.add_attachment, ticket, owner_id=reply.author_id)
        return UploadTarget(ticket, reply)
    if ticket_id is None:
        raise NotFound("Ticket not found.")
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=Action.add_attachment)
    return UploadTarget(ticket, None)


# The new rows, their ids back in the order of the values given: a Core statement on the session's
# connection (its transaction), not through Session.execute, whose ORM layer took as long again as
# the statement (75 us, in-process).
_INSERT = insert(Attachment.__table__).returning(Attachment.__table__.c.id, sort_by_parameter_order=True)


def _recheck_usage_locked(session: Session, ticket_id: int, limits: rules.AttachmentLimits,
                          names: list[str]) -> None:
    """The limits once more, now that no other upload to the ticket can commit before this one.

    The first check ran before the files streamed in, so a concurrent upload to the same ticket
    may have committed since. The lock lasts until this transaction ends: on PostgreSQL the
    ticket's row lock; on SQLite the database write lock taken by inserting our rows.
    """
    if not names:
        return
    # On SQLite, inserting our rows (_record) took the write lock: nothing more to lock.
    if session.get_bind().dialect.name != "sqlite":
        # FOR NO KEY UPDATE: uploads to the ticket take turns, yet it does not clash with the share lock
        # that inserting rows referencing the ticket (ours, a new reply) takes; FOR UPDATE deadlocked.
        session.exec(select(Ticket.id).where(Ticket.id == ticket_id).with_for_update(key_share=True)).one()
    # A statement of its own, after the lock: its snapshot sees what a concurrent upload committed.
    count, total = ticket_usage(session, ticket_id)  # our rows included
    if count > limits.max_files_per_ticket:
        raise UploadRejected([TooManyFiles(names[-1], rules.too_many_message(names[-1], limits.max_files_per_ticket))])
    if total > limits.max_ticket_bytes:
        raise UploadRejected([FileTooLarge(names[-1], rules.ticket_full_message(names[-1], limits.max_ticket_bytes))])


def _record(session: Session, *, actor: Actor, storage: BlobStorage, limits: rules.AttachmentLimits,
            target: UploadTarget, stored: list[StoredFile]) -> list[Attachment]:
    """The rows of stored files, checked once more under the ticket's lock; the use case commits them
    with whatever else it wrote, or rolls back and deletes the blobs (on_rollback, registered earlier).

    The request's blobs are flushed to disk first, all at once, before the first insert takes the
    lock (SQLite's is the whole database's): no row is committed before its bytes are durable,
    and no lock waits on the disk."""
    try:
        storage.make_durable([item.blob.key for item in stored])
    except (StorageError, OSError) as e:
        raise AttachmentServiceUnavailable(stored[0].filename, "File storage is unavailable; nothing was saved. "
                                                               "Please try again later.") from e
    session.flush()  # the new ticket or reply the rows point to, if the request made one
    now = utcnow()
    values = [dict(
        ticket_id=target.ticket.id, reply_id=target.reply.id if target.reply else None, filename=item.filename,
        content_type=item.content_type, size=item.blob.size, sha256=item.blob.sha256, storage_key=item.blob.key,
        uploaded_by_id=actor.id, scan_status=item.scan_status, created_at=now, deleted_at=None,
        deleted_by_id=None, purged_at=None,
    ) for item in stored]
    # Core, not the unit of work, and plain values, not models, until the ids are known: each
    # cost a 1 MiB upload more than the insert itself.
    ids = session.connection().execute(_INSERT, values).scalars().all()
    rows = [Attachment.model_construct(id=row_id, **row) for row_id, row in zip(ids, values, strict=True)]
    _recheck_usage_locked(session, target.ticket.id, limits, [row.filename for row in rows])
    record(session, EventType.attachments_added, ticket_id=target.ticket.id, actor_id=actor.id,
           attachment_ids=list(ids), reply_id=target.reply.id if target.reply else None)
    return rows


@use_case
def upload(session: Session, *, actor: Actor, storage: BlobStorage, scanner: Scanner,
           limits: rules.AttachmentLimits, target: UploadTarget, files: Iterable[IncomingFile],
           usage: tuple[int, int] | None = None) -> list[Attachment]:
    """Attach the files to an existing ticket or reply, every one or none.
    `usage`: the ticket's files and bytes, if the caller has just read them (upload_lookup).
    Raises UploadRejected naming each refused file and why."""
    usage = ticket_usage(session, target.ticket.id) if usage is None else usage
    release_connection(session)  # no connection held while slow clients send
    stored = store_files(storage, scanner, limits, key_prefix=ticket_prefix(target.ticket.id), usage=usage,
                         files=files)
    on_rollback(session, lambda: discard_all(storage, stored))
    if not stored:
        raise UploadRejected([EmptyFile("", "Choose at least one file to upload.")])
    return _record(session, actor=actor, storage=storage, limits=limits, target=target, stored=stored)


@use_case
def upload_with(session: Session, *, actor: Actor, storage: BlobStorage, scanner: Scanner,
                limits: rules.AttachmentLimits, ticket: Ticket | None, files: Iterable[IncomingFile],
                create: Callable[[], UploadTarget], reserved_id: int | None = None) -> UploadTarget:
    """Files (none is fine) for a ticket or reply that `create()` makes once every file is stored:
    both are committed together, or neither. `ticket`: the ticket the files go to, None for a new
    one. A new ticket's files go straight under the id reserved for it (`reserved_id`, from
    tickets.reserve_id), else they wait under a staging prefix and are moved in once it has an id:
    a copy on S3, made while the new ticket's number is locked."""
    staging = ticket is None and reserved_id is None
    prefix = f"incoming/{uuid.uuid4().hex}" if staging else ticket_prefix(ticket.id if ticket else reserved_id)
    usage = ticket_usage(session, ticket.id) if ticket else (0, 0)
    release_connection(session)  # no connection held while slow clients send
    if ticket is None:  # only this request uses the folder (staging, or a ticket not made yet): empty it is gone
        on_rollback(session, lambda: storage.prune(prefix))
    stored = store_files(storage, scanner, limits, key_prefix=prefix, usage=usage, files=files)
    on_rollback(session, lambda: discard_all(storage, stored))  # (before the prune: clean-ups run last first)
    target = create()
    if ticket is None and reserved_id is not None and target.ticket.id != reserved_id:
        raise RuntimeError(f"create() made ticket {target.ticket.id}, not the reserved {reserved_id}")
    if staging:
        _publish(storage, stored, ticket_prefix(target.ticket.id))
        storage.prune(prefix)  # its files were moved on
    if stored:
        _record(session, actor=actor, storage=storage, limits=limits, target=target, stored=stored)
    return target


def _publish(storage: BlobStorage, stored: list[StoredFile], prefix: str) -> None:
    """Move staged blobs under their ticket; `stored` follows each move, so a failure cleans up right."""
    for item in stored:
        key = f"{prefix}/{item.blob.key.rsplit('/', 1)[-1]}"
        try:
            storage.move(item.blob.key, key)
        except (StorageError, OSError) as e:  # OSError: the staged blob vanished, or the key is taken
            raise AttachmentServiceUnavailable(item.filename, "File storage is unavailable; nothing was saved. "
                                                              "Please try again later.") from e
        item.blob = dataclasses.replace(item.blob, key=key)
