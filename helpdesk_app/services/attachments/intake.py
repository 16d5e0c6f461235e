"""Taking files in: validate, scan and store each one while it streams in, all or nothing.

Order of work for each file: sniff the first bytes (type must match the extension),
stream every chunk to storage and to the virus scanner at once while counting the
size against the limits, then ask the scanner for its verdict. No database here: the
caller records the rows once every file is stored and clean (attachment_upload.py).
"""

import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from helpdesk_app.models import ScanStatus
from helpdesk_app.scanner import NoScanner, Scanner, ScannerUnavailable, ScanTooLarge
from helpdesk_app.services.attachments import rules
from helpdesk_app.services.attachments.errors import (
    AttachmentServiceUnavailable, EmptyFile, FileInfected, FileTooLarge, TooManyFiles, UnsupportedFileType,
)
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.storage import BlobStorage, StorageError, StoredBlob
import contextlib

SNIFF_BYTES = 2048
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


@dataclass
class StoredFile:
    """A file in storage that no row points to yet."""

    blob: StoredBlob
    filename: str  # sanitized
    content_type: str
    scan_status: ScanStatus


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
    with contextlib.suppress(StorageError):
        storage.delete(key)


def discard_all(storage: BlobStorage, stored: Iterable[StoredFile]) -> None:
    for item in stored:
        _discard(storage, item.blob.key)


def _measured(key: str, chunks: Iterable[bytes], *, durable: bool = True) -> StoredBlob:
    """What storage.save returns, without storing anything (no sha256)."""
    size = 0
    for chunk in chunks:
        size += len(chunk)
    return StoredBlob(key=key, size=size, sha256="")


def _store_one(storage: BlobStorage, scanner: Scanner, limits, key_prefix: str, incoming: IncomingFile,
               name: str, ticket_bytes: int, *, keep: bool = True) -> tuple[StoredBlob, str, ScanStatus]:
    """Check, scan and store one file. keep=False: check and scan it only, storing nothing."""
    key = f"{key_prefix}/{uuid.uuid4().hex}"

    def discard() -> None:
        if keep:
            _discard(storage, key)
    try:
        scan = scanner.start()
    except ScannerUnavailable as e:
        raise AttachmentServiceUnavailable(name, f"The virus scanner is unavailable, so {name} was not accepted. "
                                                 "Please try again later.") from e
    counter = _Counter(name, limits, ticket_bytes, scan)
    try:
        save = storage.save if keep else _measured
        blob = save(key, counter.watch(incoming.stream()), durable=False)  # _record makes it durable
        verdict = scan.finish()
    except StorageError as e:
        scan.abort()
        raise AttachmentServiceUnavailable(name, "File storage is unavailable; nothing was saved. "
                                                 "Please try again later.") from e
    except ScanTooLarge as e:
        discard()
        raise FileTooLarge(name, f"{name}: the file is too large for the virus scanner.") from e
    except ScannerUnavailable as e:
        discard()
        raise AttachmentServiceUnavailable(name, f"The virus scanner failed while checking {name}; "
                                                 "nothing was saved. Please try again later.") from e
    except BaseException:
        scan.abort()
        raise
    if not verdict.clean:
        discard()
        raise FileInfected(name, rules.infected_message(name, verdict.signature))
    return blob, counter.content_type, ScanStatus.clean if verdict.scanned else ScanStatus.skipped


def store_files(storage: BlobStorage, scanner: Scanner, limits: rules.AttachmentLimits, *, key_prefix: str,
                usage: tuple[int, int], files: Iterable[IncomingFile]) -> list[StoredFile]:
    """Every file stored under `key_prefix`, or none: UploadRejected naming each refused file and why
    (the rest of a refused file is read and dropped, so the next one can be judged; the files after
    a refused one are judged without being stored), or the first
    storage or scanner failure. `usage`: the files and bytes the ticket already holds. The files
    are not durable yet: the caller flushes them (BlobStorage.make_durable) before their rows."""
    count, ticket_bytes = usage
    stored: list[StoredFile] = []
    failures: list[DomainError] = []
    try:
        for incoming in files:
            name = rules.sanitize_filename(incoming.filename)
            try:
                if count + 1 > limits.max_files_per_ticket:
                    raise TooManyFiles(name, rules.too_many_message(name, limits.max_files_per_ticket))
                # Once a file is refused the request is refused whole: the files after it are still
                # judged, so the answer names each failing one, but no longer stored only to be removed.
                blob, content_type, scan_status = _store_one(storage, scanner, limits, key_prefix, incoming, name,
                                                             ticket_bytes, keep=not failures)
            except REFUSALS as e:
                failures.append(e)
                incoming.drain()
                continue
            except AttachmentServiceUnavailable:
                if not failures:
                    raise
                # Refused already (only the scanner can fail here: nothing is stored any more): the
                # answer still names each refused file, and says this one could not be checked. The
                # files after it are judged without the scanner, rather than each waiting on it again.
                failures.append(AttachmentServiceUnavailable(name, rules.not_checked_message(name)))
                scanner = NoScanner()
                incoming.drain()
                continue
            count, ticket_bytes = count + 1, ticket_bytes + blob.size
            if not failures:
                stored.append(StoredFile(blob, name, content_type, scan_status))
        if failures:
            raise UploadRejected(failures)
    except BaseException:
        discard_all(storage, stored)
        raise
    return stored
