"""Files that arrive as an async stream, handed to the synchronous upload service in a worker thread.

The web layers parse an upload as it arrives (the REST API its multipart body, the UI Reflex's
upload chunks) into `Piece`s on the event loop. The upload service runs in a worker thread and
pulls the next piece only when it wants one, so a request is never read faster than it is stored
and no file is ever held whole in memory, nor written twice (no spooled copy).
"""

import asyncio
import concurrent.futures
import contextlib
import weakref
from collections.abc import AsyncIterator, Callable, Iterator
from dataclasses import dataclass
from typing import TypeVar

from helpdesk_app.config import get_settings
from helpdesk_app.services import attachment_rules as rules
from helpdesk_app.services.attachment_errors import TooManyFiles
from helpdesk_app.services.attachment_upload import IncomingFile, UploadRejected

T = TypeVar("T")
BATCH_BYTES = 256 * 1024  # bytes handed over per thread hop: few hops, little memory


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
    data: bytes


async def batched(pieces: AsyncIterator[Piece], size: int = BATCH_BYTES) -> AsyncIterator[Piece]:
    """Join consecutive pieces of one file up to `size` bytes, so the worker thread hops less; a full
    batch goes at once, without waiting for more of the body."""
    held: Piece | None = None
    buffer = bytearray()
    async for piece in pieces:
        if held is not None and piece.index != held.index:
            yield Piece(held.index, held.filename, bytes(buffer))
            buffer.clear()
        if held is None or piece.index != held.index:
            held = piece
        buffer += piece.data
        if len(buffer) >= size:
            yield Piece(held.index, held.filename, bytes(buffer))
            buffer.clear()
    if held is not None:
        yield Piece(held.index, held.filename, bytes(buffer))


class UploadStalled(Exception):
    """The client sent nothing for too long; treated like a disconnect (nothing is kept)."""


class ThreadedFiles:
    """The files of an async piece stream as `Iterable[IncomingFile]` for a worker thread.

    Every pull runs the stream's next step on the event loop and waits for it; an exception
    there (the client went away, a malformed body) is raised in the worker, where the upload
    service cleans up. `cancel()` (from the loop) makes a waiting or later pull raise at once.
    """

    def __init__(self, pieces: AsyncIterator[Piece], loop: asyncio.AbstractEventLoop, idle_timeout: float):
        self._pieces, self._loop, self._idle_timeout = pieces, loop, idle_timeout
        self._held: Piece | None = None
        self._ended = self._cancelled = False
        self._waiting: concurrent.futures.Future | None = None
        self._current: Iterator[bytes] | None = None

    def cancel(self) -> None:
        self._cancelled = True
        if self._waiting is not None:
            self._waiting.cancel()

    def _pull(self) -> Piece | None:
        if self._held is not None:
            piece, self._held = self._held, None
            return piece
        if self._ended:
            return None
        if self._cancelled:
            raise concurrent.futures.CancelledError()
        self._waiting = asyncio.run_coroutine_threadsafe(self._next(), self._loop)
        try:
            piece = self._waiting.result(timeout=self._idle_timeout)
        except TimeoutError:
            self._waiting.cancel()
            raise UploadStalled(f"no data for {self._idle_timeout:g} s") from None
        finally:
            self._waiting = None
        self._ended = piece is None
        return piece

    async def _next(self) -> Piece | None:
        # On the loop, like cancel(): once cancelled (and the stream perhaps closed), never report
        # a normal end of the files, which would let a cut-short file be kept.
        if self._cancelled:
            raise concurrent.futures.CancelledError()
        return await anext(self._pieces, None)

    def _chunks(self, first: Piece) -> Iterator[bytes]:
        yield first.data
        while (piece := self._pull()) is not None:
            if piece.index != first.index:
                self._held = piece  # the next file's first bytes
                return
            yield piece.data

    def __iter__(self) -> Iterator[IncomingFile]:
        while True:
            if self._current is not None:
                for _ in self._current:  # whatever the previous file's reader left
                    pass
            piece = self._pull()
            if piece is None:
                return
            self._current = self._chunks(piece)
            yield IncomingFile(piece.filename, self._current)


_slots: "weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Semaphore]" = weakref.WeakKeyDictionary()


def _upload_slots(loop: asyncio.AbstractEventLoop) -> asyncio.Semaphore:
    """Uploads streaming at once (per event loop): each holds a worker thread while it waits for
    the network, so they must not take every thread the other requests need."""
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(get_settings().concurrent_uploads)
    return _slots[loop]


async def in_worker_thread(work: Callable[[ThreadedFiles], T], pieces: AsyncIterator[Piece],
                           run: Callable | None = None) -> T:
    """Run `work(files)` in a worker thread (`run`: the framework's way, default asyncio.to_thread)
    while the event loop feeds it; if this task is cancelled, the worker's next pull fails."""
    loop = asyncio.get_running_loop()
    stream = batched(pieces)
    files = ThreadedFiles(stream, loop, idle_timeout=get_settings().upload_idle_seconds)
    try:
        async with _upload_slots(loop):
            return await (run or asyncio.to_thread)(work, files)
    except asyncio.CancelledError:
        files.cancel()
        raise
    finally:
        with contextlib.suppress(RuntimeError):  # still running if cancelled mid-pull: it ends with the task
            await stream.aclose()
