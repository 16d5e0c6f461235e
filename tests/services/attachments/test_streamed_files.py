"""services/streamed_files.py: async pieces become files a worker thread reads in order, in few
hops, and a failure or cancel on the event loop side reaches the worker."""

import asyncio
import time
import concurrent.futures
import threading

import pytest

from helpdesk_app.config import get_settings
from helpdesk_app.services.attachments.streamed import (
    LARGE_BATCH_BYTES, Piece, batched, in_worker_thread,
)
from helpdesk_app.services.attachments.threaded import READ_AHEAD, ThreadedFiles, UploadStalled


async def _pieces(*items: Piece, fail: Exception | None = None, gate: asyncio.Event | None = None):
    for item in items:
        yield item
    if gate is not None:
        await gate.wait()
    if fail is not None:
        raise fail


def _pull_outcome(files):
    """The next piece, or "cancelled" (asyncio would turn the worker's CancelledError into its own)."""
    try:
        return files._pull()
    except concurrent.futures.CancelledError:
        return "cancelled"


def _read_all(files) -> list[tuple[str, bytes]]:
    return [(f.filename, b"".join(f.stream())) for f in files]


async def _endless(read: list, data: bytes = b"x"):
    """Pieces of one file without end, noting in `read` each one read."""
    for n in range(1000):
        read.append(n)
        yield Piece(0, "a", data)


def test_files_arrive_whole_and_in_order_empty_ones_included():
    pieces = [Piece(0, "a.txt", b""), Piece(0, "a.txt", b"12"), Piece(0, "a.txt", b"34"),
              Piece(1, "empty.txt", b""), Piece(2, "c.txt", b""), Piece(2, "c.txt", b"xyz")]
    got = asyncio.run(in_worker_thread(_read_all, _pieces(*pieces)))
    assert got == [("a.txt", b"1234"), ("empty.txt", b""), ("c.txt", b"xyz")]


def test_a_file_the_reader_skips_is_drained_before_the_next():
    pieces = [Piece(0, "a", b"1"), Piece(0, "a", b"2"), Piece(1, "b", b"3")]

    def first_chunk_only(files):
        return [(f.filename, next(iter(f.stream()))) for f in files]
    assert asyncio.run(in_worker_thread(first_chunk_only, _pieces(*pieces))) == [("a", b"12"), ("b", b"3")]


def test_consecutive_pieces_of_a_file_are_joined_up_to_the_batch_size():
    async def collect():
        source = _pieces(*[Piece(0, "a", b"x" * 10) for _ in range(5)], Piece(1, "b", b"y"))
        return [(p.index, len(p.data)) async for p in batched(source, small=25, first=25)]
    assert asyncio.run(collect()) == [(0, 30), (0, 20), (1, 1)]


def test_batches_grow_once_a_file_is_past_its_first_bytes_and_start_small_again_for_the_next():
    async def collect():
        source = _pieces(*[Piece(0, "a", b"x" * 10) for _ in range(12)], *[Piece(1, "b", b"y" * 10)] * 3)
        return [(p.index, len(p.data))
                async for p in batched(source, first=15, small=25, large=45, small_up_to=50)]
    assert asyncio.run(collect()) == [(0, 20), (0, 30), (0, 50), (0, 20), (1, 20), (1, 10)]


def test_a_batch_of_one_piece_goes_on_uncopied_unless_its_buffer_could_change():
    received = b"h" + b"x" * 300_000  # a chunk as the server hands it over, holding one file's bytes
    view = memoryview(received)[1:]
    buffer = bytearray(b"y" * 300_000)

    async def collect():  # each file announced by an empty piece first, as the multipart parser does
        source = _pieces(Piece(0, "a", b""), Piece(0, "a", view), Piece(1, "b", b""), Piece(1, "b", buffer))
        return [p.data async for p in batched(source, first=10)]
    first, second = asyncio.run(collect())
    assert first is view  # no copy of the request's bytes
    assert second == buffer and type(second) is bytes  # a snapshot: the caller may reuse its buffer
    buffer[:1] = b"z"
    assert second[:1] == b"y"


def test_an_error_in_the_stream_is_raised_in_the_worker():
    def read(files):
        try:
            _read_all(files)
        except ValueError as e:
            return f"worker saw: {e}"
    assert asyncio.run(in_worker_thread(read, _pieces(Piece(0, "a", b"1"), fail=ValueError("cut")))) == \
        "worker saw: cut"


def test_cancelling_the_task_stops_a_worker_waiting_for_bytes():
    started, stopped = threading.Event(), threading.Event()

    def read(files):
        started.set()
        try:
            _read_all(files)
        except concurrent.futures.CancelledError:
            stopped.set()
            raise

    async def main():
        task = asyncio.create_task(in_worker_thread(read, _pieces(Piece(0, "a", b"1"), gate=asyncio.Event())))
        # The worker has started (not just been queued: a cancel before it starts would never reach
        # it), and now waits for bytes that never come.
        await asyncio.to_thread(started.wait, 5)
        await asyncio.sleep(0.05)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        await asyncio.to_thread(stopped.wait, 5)
    asyncio.run(main())
    assert stopped.is_set()


def test_once_cancelled_a_pull_never_reports_a_normal_end():
    """The worker may be between its own cancel check and its next pull when the loop cancels and
    closes the stream: that pull must fail, not read the closed stream as the end of the files
    (which would let a file cut short be kept)."""
    async def main():
        stream = batched(_pieces(Piece(0, "a", b"1")))
        files = ThreadedFiles(stream, asyncio.get_running_loop(), idle_timeout=5)
        files.cancel()
        await files.stop()
        await stream.aclose()  # what in_worker_thread does once its task is cancelled
        assert await asyncio.to_thread(_pull_outcome, files) == "cancelled"
    asyncio.run(main())


def test_a_pull_racing_a_cancel_fails_even_with_the_end_already_read():
    """The reader may have read the whole stream before the cancel: still no normal end."""
    async def main():
        stream = batched(_pieces(Piece(0, "a", b"1")))
        files = ThreadedFiles(stream, asyncio.get_running_loop(), idle_timeout=5)
        assert (await asyncio.to_thread(files._pull)).data == b"1"
        await asyncio.sleep(0.05)  # the reader has queued the end by now
        files.cancel()
        assert await asyncio.to_thread(_pull_outcome, files) == "cancelled"
    asyncio.run(main())


def test_nothing_is_read_before_the_worker_asks():
    """The route checks who asks before the body is read: the reader starts at the first pull."""
    read = []

    async def counted():
        for item in (Piece(0, "a", b"1"), Piece(0, "a", b"2")):
            read.append(item.data)
            yield item

    async def main():
        files = ThreadedFiles(counted(), asyncio.get_running_loop(), idle_timeout=5)
        await asyncio.sleep(0.1)
        assert read == []
        assert (await asyncio.to_thread(files._pull)).data == b"1"
        await files.stop()
    asyncio.run(main())


def test_after_a_check_reading_starts_before_the_worker_runs_and_still_only_a_few_pieces_ahead():
    """For a caller that checked everything first: the body is read while the thread starts."""
    read, worker_started, big = [], threading.Event(), b"x" * LARGE_BATCH_BYTES  # a batch each
    checked = []

    async def check():
        assert read == []  # nothing read before the check
        checked.append(True)

    def late_worker(files):
        worker_started.wait(5)
        return files._pull().data

    async def main():
        work = asyncio.create_task(in_worker_thread(late_worker, _endless(read, big), check=check))
        await asyncio.sleep(0.1)
        assert checked and len(read) == READ_AHEAD  # read before the worker asked, and no further
        worker_started.set()
        assert await work == big
    asyncio.run(main())


def test_a_failed_check_reads_nothing_and_starts_no_worker():
    read, ran = [], []

    async def body():
        read.append(1)
        yield Piece(0, "a", b"x")

    async def refuse():
        raise PermissionError("not yours")

    with pytest.raises(PermissionError):
        asyncio.run(in_worker_thread(ran.append, body(), check=refuse))
    assert read == [] and ran == []


def test_the_check_waits_for_an_upload_slot(monkeypatch):
    """Checked right before the bytes flow: not before a wait for a slot, which could be long."""
    monkeypatch.setenv("HELPDESK_CONCURRENT_UPLOADS", "1")
    get_settings.cache_clear()
    release, checked = threading.Event(), []

    async def check():
        checked.append(True)

    async def main():
        busy = asyncio.create_task(in_worker_thread(lambda files: release.wait(5), _pieces()))
        await asyncio.sleep(0.05)  # the one slot is taken
        waiting = asyncio.create_task(in_worker_thread(lambda files: "done", _pieces(), check=check))
        await asyncio.sleep(0.1)
        assert checked == []
        release.set()
        assert await waiting == "done" and checked == [True]
        await busy
    try:
        asyncio.run(main())
    finally:
        monkeypatch.undo()
        get_settings.cache_clear()


def test_the_reader_stays_a_few_pieces_ahead_of_a_slow_worker():
    read = []

    async def main():
        files = ThreadedFiles(_endless(read), asyncio.get_running_loop(), idle_timeout=5)
        await asyncio.to_thread(files._pull)
        await asyncio.sleep(0.1)  # the worker takes no more: the reader stops READ_AHEAD ahead
        assert len(read) == 1 + READ_AHEAD
        await files.stop()
    asyncio.run(main())


def _room_wakes(loop, monkeypatch) -> list:
    """The worker's wake-ups of the reader (an asyncio.Event set, or a Semaphore released, from the
    worker thread), as they come."""
    wakes, original = [], loop.call_soon_threadsafe

    def counting(callback, *args, **kwargs):
        if isinstance(getattr(callback, "__self__", None), asyncio.Event | asyncio.Semaphore):
            wakes.append(callback)
        return original(callback, *args, **kwargs)
    monkeypatch.setattr(loop, "call_soon_threadsafe", counting)
    return wakes


def test_the_reader_refills_as_a_slow_worker_takes_pieces(monkeypatch):
    """Woken by the worker only when it waited for room: once for each piece taken then."""
    read = []

    async def main():
        wakes = _room_wakes(asyncio.get_running_loop(), monkeypatch)
        files = ThreadedFiles(_endless(read), asyncio.get_running_loop(), idle_timeout=5)
        files.start()
        await asyncio.sleep(0.05)
        assert len(read) == READ_AHEAD  # full: the reader waits for room
        for taken in range(1, 4):
            await asyncio.to_thread(files._pull)
            await asyncio.sleep(0.05)
            assert len(read) == taken + READ_AHEAD
        await files.stop()
        assert len(wakes) == 3  # the reader was waiting for room each time
    asyncio.run(main())


def test_a_worker_that_keeps_up_never_wakes_the_reader(monkeypatch):
    """The loop is not woken for each piece the worker takes (that cost more than the hand-over)."""
    async def main():
        wakes = _room_wakes(asyncio.get_running_loop(), monkeypatch)
        files = ThreadedFiles(_pieces(*[Piece(0, "a", b"%d" % n) for n in range(READ_AHEAD - 1)]),
                              asyncio.get_running_loop(), idle_timeout=5)
        files.start()
        await asyncio.sleep(0.05)  # all read: fewer than READ_AHEAD, so the reader never waited
        assert await asyncio.to_thread(_read_all, files) == [("a", b"".join(b"%d" % n for n in range(READ_AHEAD - 1)))]
        assert wakes == []
    asyncio.run(main())


def test_a_stream_that_sends_nothing_for_too_long_stalls_the_worker():
    async def main():
        stream = batched(_pieces(Piece(0, "a", b"1"), gate=asyncio.Event()))
        files = ThreadedFiles(stream, asyncio.get_running_loop(), idle_timeout=0.2)
        with pytest.raises(UploadStalled):
            await asyncio.to_thread(_read_all, files)
    asyncio.run(main())


def test_a_stream_that_trickles_past_its_time_limit_stalls_the_worker():
    """A byte every now and then never trips the idle limit; the whole upload's limit ends it."""
    async def trickle():
        for _ in range(1000):
            await asyncio.sleep(0.02)
            yield Piece(0, "a", b"x")

    async def main():
        files = ThreadedFiles(trickle(), asyncio.get_running_loop(), idle_timeout=5, max_seconds=0.3)
        started = time.monotonic()
        with pytest.raises(UploadStalled) as stalled:
            await asyncio.to_thread(_read_all, files)
        assert str(stalled.value) == "not finished after 0.3 s"
        assert time.monotonic() - started < 1
        await files.stop()
    asyncio.run(main())


def test_the_time_limit_counts_from_when_reading_starts():
    """Time spent before (waiting for an upload slot) does not count against the upload."""
    async def main():
        for begin in ("first pull", "start"):
            files = ThreadedFiles(_pieces(Piece(0, "a", b"1"), Piece(0, "a", b"2")), asyncio.get_running_loop(),
                                  idle_timeout=5, max_seconds=0.2)
            await asyncio.sleep(0.3)  # queued behind other uploads
            if begin == "start":
                files.start()
            assert await asyncio.to_thread(_read_all, files) == [("a", b"12")], begin
            await files.stop()
    asyncio.run(main())


def test_stopping_the_reader_keeps_a_cancel_of_the_calling_task():
    """stop() waits for the reader without swallowing a cancel aimed at the upload's own task."""
    async def main():
        files = ThreadedFiles(_pieces(Piece(0, "a", b"1"), gate=asyncio.Event()), asyncio.get_running_loop(),
                              idle_timeout=5)
        await asyncio.to_thread(files._pull)  # the reader now waits for bytes that never come

        async def stop_then_continue():
            await files.stop()
            return "went on"
        task = asyncio.create_task(stop_then_continue())
        await asyncio.sleep(0)  # the task is inside stop(), waiting for the reader
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
    asyncio.run(main())
