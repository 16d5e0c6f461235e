"""The worker thread's side of a streamed upload: the pieces the event loop reads, as files."""

from __future__ import annotations

import asyncio
import concurrent.futures
import queue
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import TYPE_CHECKING

from helpdesk_app.services.attachments.intake import IncomingFile

if TYPE_CHECKING:
    from helpdesk_app.services.attachments.streamed import Piece

# Batches read before the worker asks for them. A batch is up to 1 MiB plus one received chunk
# (about 0.4 MiB here), so with the one being stored an upload holds about 7 MiB at most.
READ_AHEAD = 4


class UploadStalled(Exception):
    """The client sent nothing for too long; treated like a disconnect (nothing is kept)."""


class _Failed:
    """What ended the stream early, for the worker to raise."""

    def __init__(self, error: BaseException):
        self.error = error


class ThreadedFiles:
    """The files of an async piece stream as `Iterable[IncomingFile]` for a worker thread.

    A task on the event loop reads the stream up to READ_AHEAD pieces ahead of the worker, so the
    network and the storage work at the same time, yet a slow disk still slows the reading. It
    starts on the worker's first pull, so nothing of the body is read before the service asks,
    or sooner through `start()`, for a caller that has already checked who asks and where the
    files go. An exception there (the client went away, a malformed body) is raised in the
    worker, where the upload service cleans up. `cancel()` (from the loop) makes a waiting or
    later pull raise at once.
    """

    def __init__(self, pieces: AsyncIterator[Piece], loop: asyncio.AbstractEventLoop, idle_timeout: float,
                 max_seconds: float = float("inf")):
        """`idle_timeout`: the longest wait for the next piece; `max_seconds`: the longest the whole
        stream may take once reading starts (a client trickling a byte now and then must end too;
        the wait for an upload slot before it does not count)."""
        self._pieces, self._loop, self._idle_timeout = pieces, loop, idle_timeout
        self._max_seconds, self._deadline = max_seconds, float("inf")
        self._queue: queue.SimpleQueue[Piece | None | _Failed] = queue.SimpleQueue()
        # Pieces read and not yet pulled. The worker wakes the reader only when it waits for room:
        # waking the loop for every piece taken cost 0.2-0.4 ms of a 1 MiB upload (5 pieces).
        self._lock = threading.Lock()
        self._ahead = 0
        self._room: asyncio.Event | None = None
        self._reader: asyncio.Task | None = None
        self._started = self._ended = self._cancelled = False
        self._held: Piece | None = None
        self._current: Iterator[bytes] | None = None

    def cancel(self) -> None:
        self._cancelled = True
        self._queue.put(_Failed(concurrent.futures.CancelledError()))  # wakes a waiting pull
        if self._reader is not None:
            self._reader.cancel()

    async def stop(self) -> None:
        """Stop reading ahead (the worker is done); the stream can be closed after this."""
        if self._reader is not None:
            self._reader.cancel()
            await asyncio.wait([self._reader])  # not `await` it: that would swallow a cancel of our own task

    def start(self) -> None:
        """Start reading now, not at the worker's first pull (on the loop)."""
        self._begin()
        self._start()

    def _begin(self) -> None:
        self._started, self._deadline = True, time.monotonic() + self._max_seconds

    def _start(self) -> None:  # on the loop
        if not self._cancelled and self._reader is None:
            self._reader = self._loop.create_task(self._read())

    async def _wait_for_room(self) -> None:
        """Until fewer than READ_AHEAD pieces wait for the worker (who sets the event, see _pull)."""
        while True:
            with self._lock:
                if self._ahead < READ_AHEAD:
                    return
                room = self._room = asyncio.Event()
            await room.wait()

    async def _read(self) -> None:
        try:
            while True:
                await self._wait_for_room()
                piece = await anext(self._pieces, None)
                with self._lock:
                    self._ahead += 1
                self._queue.put(piece)
                if piece is None:
                    return
        except asyncio.CancelledError:
            self._queue.put(_Failed(concurrent.futures.CancelledError()))
            raise
        except Exception as e:  # the worker raises it, in the service's own handling
            self._queue.put(_Failed(e))
        except BaseException as e:  # SystemExit and the like: the worker must not wait for more
            self._queue.put(_Failed(e))
            raise

    def _pull(self) -> Piece | None:
        if self._held is not None:
            piece, self._held = self._held, None
            return piece
        if self._ended:
            return None
        if not self._started:
            self._begin()
            self._loop.call_soon_threadsafe(self._start)
        left = self._deadline - time.monotonic()
        try:
            if left <= 0:
                raise queue.Empty
            item = self._queue.get(timeout=min(self._idle_timeout, left)) if not self._cancelled else None
        except queue.Empty:
            self._loop.call_soon_threadsafe(self.cancel)
            if left <= self._idle_timeout:  # the deadline, not the idle limit, bounded this wait
                raise UploadStalled(f"not finished after {self._max_seconds:g} s") from None
            raise UploadStalled(f"no data for {self._idle_timeout:g} s") from None
        # Once cancelled (and the stream perhaps closed), never report a normal end of the files,
        # which would let a cut-short file be kept.
        if self._cancelled:
            raise concurrent.futures.CancelledError()
        if isinstance(item, _Failed):
            self._ended = True
            raise item.error
        with self._lock:
            self._ahead -= 1
            room, self._room = self._room, None
        if room is not None:
            self._loop.call_soon_threadsafe(room.set)
        self._ended = item is None
        return item

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
