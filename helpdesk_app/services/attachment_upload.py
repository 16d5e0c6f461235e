"""Upload: validate, scan and store files while they stream in; all or nothing per request.

Order of work for each file: sniff the first bytes (type must match the extension),
stream every chunk to storage and to the virus scanner at once while counting the
size against the limits, then ask the scanner for its verdict. Rows are committed
only after every file is stored and clean; on any failure every stored blob of the
request is deleted again, so no row without bytes and no bytes without a row remain.
"""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from sqlmodel import Session, func, select

from helpdesk_app.models import Attachment, Reply, ScanStatus, Ticket, User
from helpdesk_app.scanner import Scanner, ScannerUnavailable, ScanTooLarge
from helpdesk_app.services import attachment_rules as rules
from helpdesk_app.services.attachment_errors import (
    AttachmentServiceUnavailable, EmptyFile, FileInfected, FileTooLarge, TooManyFiles, UnsupportedFileType,
)
from helpdesk_app.services.attachments import get_visible_reply
from helpdesk_app.services.errors import DomainError, NotFound
from helpdesk_app.services.policy import Action, require
from helpdesk_app.services.tickets import get_visible
from helpdesk_app.storage import BlobStorage, StorageError, StoredBlob

SNIFF_BYTES = 2048
READ_CHUNK = 1024 * 1024
REFUSALS = (FileTooLarge, EmptyFile, TooManyFiles, FileInfected, UnsupportedFileType)


class UploadRejected(DomainError):
    """Some files were refused, so none were kept. `failures` names each file and why."""

    def __init__(self, failures: list[DomainError]):
        super().__init__("; ".join(f.message for f in failures))
        self.failures = failures


@dataclass
class IncomingFile:
    """One uploaded file: its name as the client sent it and its bytes as they arrive."""

    filename: str
    chunks: Iterable[bytes]
    _iterator: Iterator[bytes] | None = field(default=None, repr=False)

    def stream(self) -> Iterator[bytes]:
        if self._iterator is None:
            self._iterator = iter(self.chunks)
        return self._iterator

    def drain(self) -> None:
        """Read what is left, so a streaming source can move on to the next file."""
        for _ in self.stream():
            pass


def from_form_files(files: Iterable) -> list[IncomingFile]:
    """Files of a multipart form, spooled to temporary files by the web framework (Starlette's or
    Reflex's UploadFile: `.filename` and `.file`): read back in chunks, never whole."""
    return [IncomingFile(rules.unescape_form_filename(f.filename or ""),
                         iter(lambda f=f: f.file.read(READ_CHUNK), b"")) for f in files]


@dataclass
class UploadTarget:
    ticket: Ticket
    reply: Reply | None


def resolve_target(session: Session, *, actor: User, ticket_id: int | None = None,
                   reply_id: int | None = None) -> UploadTarget:
    if reply_id is not None:
        reply, ticket = get_visible_reply(session, actor=actor, reply_id=reply_id)
        require(actor, Action.add_attachment, ticket, owner_id=reply.author_id)
        return UploadTarget(ticket, reply)
    if ticket_id is None:
        raise NotFound("Ticket not found.")
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=Action.add_attachment)
    return UploadTarget(ticket, None)


def _usage(session: Session, ticket_id: int) -> tuple[int, int]:
    """Files and bytes the ticket already holds (soft-deleted ones no longer count)."""
    count, total = session.exec(
        select(func.count(), func.coalesce(func.sum(Attachment.size), 0))
        .where(Attachment.ticket_id == ticket_id, Attachment.deleted_at.is_(None))
    ).one()
    return int(count), int(total)


class _Counter:
    """Watches the bytes of one file go by: the type check on the first bytes, the limits, the scan."""

    def __init__(self, name: str, limits: rules.AttachmentLimits, ticket_bytes: int, scan):
        self.name, self.limits, self.ticket_bytes, self.scan = name, limits, ticket_bytes, scan
        self.size = 0
        self.content_type = ""

    def _count(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > self.limits.max_file_bytes:
            raise FileTooLarge(self.name, rules.too_large_message(self.name, self.limits.max_file_bytes))
        if self.ticket_bytes + self.size > self.limits.max_ticket_bytes:
            raise FileTooLarge(self.name, rules.ticket_full_message(self.name, self.limits.max_ticket_bytes))
        self.scan.feed(chunk)

    def watch(self, source: Iterator[bytes]) -> Iterator[bytes]:
        head = b""
        for chunk in source:
            head += chunk
            if len(head) >= SNIFF_BYTES:
                break
        if not head:
            raise EmptyFile(self.name, rules.empty_message(self.name))
        self.content_type = rules.check_file(self.name, head[:SNIFF_BYTES])
        self._count(head)
        yield head
        for chunk in source:
            if chunk:
                self._count(chunk)
                yield chunk


def _discard(storage: BlobStorage, key: str) -> None:
    """Remove a blob no row will point to. If storage fails now, the upload's own answer (refused,
    infected, unavailable) still stands; the orphan is left for a storage sweep."""
    try:
        storage.delete(key)
    except StorageError:
        pass


def _store_one(storage: BlobStorage, scanner: Scanner, limits, target: UploadTarget, incoming: IncomingFile,
               name: str, ticket_bytes: int) -> tuple[StoredBlob, str, ScanStatus]:
    key = f"tickets/{target.ticket.id}/{uuid.uuid4().hex}"
    try:
        scan = scanner.start()
    except ScannerUnavailable as e:
        raise AttachmentServiceUnavailable(name, f"The virus scanner is unavailable, so {name} was not accepted. "
                                                 "Please try again later.") from e
    counter = _Counter(name, limits, ticket_bytes, scan)
    try:
        blob = storage.save(key, counter.watch(incoming.stream()))
        verdict = scan.finish()
    except StorageError as e:
        scan.abort()
        raise AttachmentServiceUnavailable(name, "File storage is unavailable; nothing was saved. "
                                                 "Please try again later.") from e
    except ScanTooLarge as e:
        _discard(storage, key)
        raise FileTooLarge(name, f"{name}: the file is too large for the virus scanner.") from e
    except ScannerUnavailable as e:
        _discard(storage, key)
        raise AttachmentServiceUnavailable(name, f"The virus scanner failed while checking {name}; "
                                                 "nothing was saved. Please try again later.") from e
    except BaseException:
        scan.abort()
        raise
    if not verdict.clean:
        _discard(storage, key)
        raise FileInfected(name, rules.infected_message(name, verdict.signature))
    return blob, counter.content_type, ScanStatus.clean if verdict.scanned else ScanStatus.skipped


def upload(session: Session, *, actor: User, storage: BlobStorage, scanner: Scanner,
           limits: rules.AttachmentLimits, target: UploadTarget, files: Iterable[IncomingFile]) -> list[Attachment]:
    """Store every file or none. Raises UploadRejected naming each refused file and why."""
    count, ticket_bytes = _usage(session, target.ticket.id)
    stored: list[str] = []
    rows: list[Attachment] = []
    failures: list[DomainError] = []
    try:
        for incoming in files:
            name = rules.sanitize_filename(incoming.filename)
            try:
                if count + len(rows) + 1 > limits.max_files_per_ticket:
                    raise TooManyFiles(name, rules.too_many_message(name, limits.max_files_per_ticket))
                blob, content_type, scan_status = _store_one(storage, scanner, limits, target, incoming, name,
                                                             ticket_bytes)
            except REFUSALS as e:
                failures.append(e)
                incoming.drain()
                continue
            stored.append(blob.key)
            ticket_bytes += blob.size
            rows.append(Attachment(
                ticket_id=target.ticket.id, reply_id=target.reply.id if target.reply else None, filename=name,
                content_type=content_type, size=blob.size, sha256=blob.sha256, storage_key=blob.key,
                uploaded_by_id=actor.id, scan_status=scan_status,
            ))
        if failures:
            raise UploadRejected(failures)
        if not rows:
            raise UploadRejected([EmptyFile("", "Choose at least one file to upload.")])
        session.add_all(rows)
        session.commit()
        return rows
    except BaseException:
        session.rollback()
        for key in stored:
            _discard(storage, key)
        raise
