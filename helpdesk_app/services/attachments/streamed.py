"""Files that arrive as an async stream, handed to the synchronous upload service in a worker thread.

The web layers parse an upload as it arrives (the REST API its multipart body, the UI Reflex's
upload chunks) into `Piece`s on the event loop. The upload service runs in a worker thread and
takes the pieces as the loop reads them, at most a few ahead, so a request is never read much
faster than it is stored and no file is ever held whole in memory, nor written twice (no spooled copy).
"""

import asyncio
import contextlib
import weakref
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from typing import TypeVar

from helpdesk_app.config import get_settings
from helpdesk_app.services.attachments import rules
from helpdesk_app.services.attachments.errors import TooManyFiles
from helpdesk_app.services.attachments.intake import UploadRejected
from helpdesk_app.services.attachments.threaded import ThreadedFiles
from helpdesk_app.storage.base import immutable

T = TypeVar("T")
# Bytes handed over per thread hop. A file's first MiB goes in small batches, so a small file's
# hashing and writing keep up with its arrival; after that, larger ones: a quarter of the hops,
# and the disk gets fewer, larger writes (a 50 MiB upload took about 15% less time).
BATCH_BYTES = 256 * 1024
LARGE_BATCH_BYTES = 1024 * 1024
SMALL_BATCHES_UP_TO = 1024 * 1024
# A file's first bytes go on as soon as there are enough for its type check, so the worker
# checks the type and creates the file while the rest arrives.
FIRST_BATCH_BYTES = 16 * 1024


# Files beyond a ticket's limit that are still read, so that each file's own problem can be named
# (those the ticket cannot take get "too many"); after that, reading stops.
EXTRA_FILES = 16


def check_file_index(index: int, filename: str, max_files: int) -> None:
    """Refuse the `index`-th file of a request (from 0) once it is far beyond `max_files`: every
    part costs work, and no request may make the server judge thousands."""
    if index >= max_files + EXTRA_FILES:
        name = rules.sanitize_filename(filename)
        raise UploadRejected([TooManyFiles(name, rules.too_many_message(name, max_files))])


@dataclass(frozen=True)
class Piece:
    """Bytes of the `index`-th file of a request (0, 1, ...). A file's first piece may be empty."""

    index: int
    filename: str
    data: bytes | memoryview  # a view into an immutable received chunk, or bytes


async def batched(pieces: AsyncIterator[Piece], small: int = BATCH_BYTES, large: int = LARGE_BATCH_BYTES,
                  small_up_to: int = SMALL_BATCHES_UP_TO, first: int = FIRST_BATCH_BYTES) -> AsyncIterator[Piece]:
    """Join consecutive pieces of one file into batches (`first` bytes for the first, then `small`
    bytes until `small_up_to` of the file have gone, `large` after), so the worker thread hops
    less; a full batch goes at once, without waiting for more of the body. A batch of one piece
    goes on as it is (often, as the server's chunks are larger than a batch): no copy at all."""
    held: Piece | None = None
    parts: list[bytes | memoryview] = []
    count = sent = 0  # bytes waiting; bytes of this file already sent on
    async for piece in pieces:
        if held is not None and piece.index != held.index and parts:
            yield Piece(held.index, held.filename, _joined(parts))
            parts, count = [], 0
        if held is None or piece.index != held.index:
            held, sent = piece, 0
        parts.append(piece.data)
        count += len(piece.data)
        if count >= (first if sent == 0 else small if sent < small_up_to else large):
            yield Piece(held.index, held.filename, _joined(parts))
            parts, sent, count = [], sent + count, 0
    if parts:  # (a file's first piece is there even when empty: an empty file is still a file)
        yield Piece(held.index, held.filename, _joined(parts))


def _joined(parts: list) -> bytes | memoryview:
    filled = [part for part in parts if len(part)]  # a file's announcing empty piece must not cost a copy
    return immutable(filled[0]) if len(filled) == 1 else b"".join(filled)


_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


def _upload_slots(loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
    """Uploads streaming at once (per event loop): each holds a worker thread while it waits for
    the network, so they must not take every thread the other requests need."""
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(get_settings().concurrent_uploads)
    return _slots[loop]


async def in_worker_thread(work: Callable[[ThreadedFiles], T], pieces: AsyncIterator[Piece],
                           run: Callable | None = None, check: Callable[[], Awaitable[None]] | None = None) -> T:
    """Run `work(files)` in a worker thread (`run`: the framework's way, default asyncio.to_thread)
    while the event loop feeds it; if this task is cancelled, the worker's next pull fails.
    The body is read from the worker's first pull on; or, given `check` (who asks and where the
    files go, settled on the loop), as soon as it has passed, while the thread starts. It runs
    once the upload has its slot, right before the bytes flow, as the worker's own checks do."""
    loop = asyncio.get_running_loop()
    stream = batched(pieces)
    settings = get_settings()
    files = ThreadedFiles(stream, loop, idle_timeout=settings.upload_idle_seconds,
                          max_seconds=settings.upload_max_seconds)
    try:
        async with _upload_slots(loop):
            if check is not None:
                await check()
                files.start()
            return await (run or asyncio.to_thread)(work, files)
    except asyncio.CancelledError:
        files.cancel()
        raise
    finally:
        await files.stop()  # it may be reading ahead still: done before the stream is closed
        with contextlib.suppress(RuntimeError):
            await stream.aclose()
