"""The blob storage contract shared by every backend (framework-free).

Callers (the attachment service, the web layer) only see these names: never
boto3, never file paths except through `local_path` for zero-copy serving.
"""

import contextlib
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

CHUNK_SIZE = 256 * 1024  # what open() yields: big enough for throughput, small enough for memory

# Path segments of letters, digits, "_", "-", "."; a segment may not start with "." (so no
# "..", no hidden names: LocalStorage's temp files start with "." and never look like a key),
# and stays well under the 255-byte file name limit, temp file affixes included.
_SEGMENT = r"[A-Za-z0-9_-][A-Za-z0-9_.-]{0,199}"
_KEY_RE = re.compile(rf"{_SEGMENT}(?:/{_SEGMENT})*")
MAX_KEY_LENGTH = 512


class StorageError(Exception):
    """The storage backend is unreachable or failed; callers answer 503."""


@dataclass(frozen=True)
class StoredBlob:
    key: str
    size: int
    sha256: str  # hex digest of the stored bytes


@dataclass(frozen=True)
class BlobEntry:
    key: str
    modified: float  # POSIX time of the blob's last write (a move counts as one on S3, not on disk)


@runtime_checkable
class BlobStorage(Protocol):
    def save(self, key: str, chunks: Iterable[bytes], *, durable: bool = True) -> StoredBlob:
        """Stream `chunks` to a new object `key`; size and sha256 are computed on the way.

        All or nothing: if the iterator raises (size limit, scan failure, disconnect) or the
        backend fails, nothing stays behind. Exceptions from the iterator propagate unchanged;
        backend failures become StorageError (chained). FileExistsError if `key` exists.
        durable=False: the blob may not survive a power loss until make_durable() returns.
        """
        ...

    def make_durable(self, keys: Iterable[str]) -> None:
        """Blobs saved with durable=False (and moved since, perhaps) now survive a power loss.
        StorageError if the backend fails."""
        ...

    def open(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        """Bytes start..end (inclusive, clamped to the object) in chunks of about CHUNK_SIZE.

        The object is looked up before this returns: FileNotFoundError if it is missing,
        StorageError if the backend is unusable. Close the iterator if you stop early.
        """
        ...

    def move(self, key: str, new_key: str) -> None:
        """Give a blob another key (staged uploads, once their ticket exists). FileNotFoundError if
        `key` is missing, FileExistsError if `new_key` exists; StorageError if the backend fails."""
        ...

    def prune(self, prefix: str) -> None:
        """Remove the (local) folder `prefix` if it is empty; never fails. For a folder only one
        request uses: its staging folder."""
        ...

    def blobs(self, prefix: str = "") -> Iterator[BlobEntry]:
        """Every blob whose key starts with `prefix`, in no set order: finished blobs only, never a
        save still being written. StorageError if the backend fails."""
        ...

    def remove_partial(self, prefix: str = "", *, modified_before: float,
                       of_keys: Callable[[str], bool] = lambda key: True) -> list[str]:
        """Remove what saves of keys starting with `prefix` (and passing `of_keys`) left when a
        crash interrupted them, untouched since `modified_before` (POSIX time): temp files on
        disk, unfinished multipart uploads on S3. Returns the keys they were for."""
        ...

    def size(self, key: str) -> int: ...  # FileNotFoundError if missing

    def delete(self, key: str) -> None: ...  # idempotent: deleting a missing key is fine

    def exists(self, key: str) -> bool: ...

    def check(self) -> None: ...  # cheap health check; StorageError if unusable

    def local_path(self, key: str) -> Path | None: ...  # a file to serve directly, or None


def immutable(data: bytes | memoryview | bytearray) -> bytes | memoryview:
    """`data` itself when nothing can change it any more (bytes, or a view of bytes), else a copy:
    a chunk may wait in a queue or a writer thread while its caller reuses a buffer."""
    if type(data) is bytes or (type(data) is memoryview and type(data.obj) is bytes):
        return data
    return bytes(data)


def is_key(text: str) -> bool:
    return len(text) <= MAX_KEY_LENGTH and _KEY_RE.fullmatch(text) is not None


def validate_key(key: str) -> str:
    """The key itself, or ValueError: relative, no "..", only [A-Za-z0-9/_.-]."""
    if not isinstance(key, str) or len(key) > MAX_KEY_LENGTH or not _KEY_RE.fullmatch(key):
        raise ValueError(f"invalid storage key: {key!r}")
    return key


def validate_range(start: int, end: int | None) -> None:
    if start < 0 or (end is not None and end < start):
        raise ValueError(f"invalid byte range: {start}-{end}")


class ChunkReader(Iterator[bytes]):
    """Yields `read(n)` results until `length` bytes (or EOF) are read; closes the source
    on exhaustion, on close() and on garbage collection, even if never iterated.

    `errors` is the exception types of a backend read failure, re-raised as StorageError.
    """

    def __init__(self, read: Callable[[int], bytes], close: Callable[[], None],
                 length: int | None, errors: tuple[type[BaseException], ...]):
        self._read, self._close, self._remaining, self._errors = read, close, length, errors
        self._closed = False

    def __next__(self) -> bytes:
        if self._closed or self._remaining == 0:
            self.close()
            raise StopIteration
        want = CHUNK_SIZE if self._remaining is None else min(CHUNK_SIZE, self._remaining)
        try:
            chunk = self._read(want)
        except self._errors as exc:
            self.close()
            raise StorageError(f"reading from storage failed: {exc}") from exc
        if not chunk:
            self.close()
            if self._remaining:  # the blob shrank under us, or the connection ended early
                raise StorageError(f"blob ended {self._remaining} bytes early")
            raise StopIteration
        if self._remaining is not None:
            self._remaining -= len(chunk)
        return chunk

    def close(self) -> None:
        if not self._closed:
            self._closed = True
            self._close()

    def __del__(self) -> None:
        with contextlib.suppress(Exception):  # never raise from a finalizer
            self.close()
