"""Contract: save(durable=False) then make_durable() stores the same blob as a plain save, on both
backends; on local disk the flush is deferred to make_durable, which flushes file and folder."""

import hashlib
import os
import sys
import time

import pytest

from helpdesk_app.storage import LocalStorage, StorageError, file_io, local
from tests.storage.streams import MiB, chunked


def test_a_deferred_save_is_the_same_blob_once_made_durable(backend):
    keys = []
    for size in (0, 1000, 9 * MiB):  # empty, small, and a multipart object on S3
        data, key = os.urandom(size), backend.new_key()
        blob = backend.storage.save(key, chunked(data, 100_003), durable=False)
        assert (blob.size, blob.sha256) == (size, hashlib.sha256(data).hexdigest())
        keys.append(key)
    backend.storage.make_durable(keys)
    for key, size in zip(keys, (0, 1000, 9 * MiB), strict=True):
        assert backend.storage.size(key) == size
    assert backend.leftovers() == sorted(keys)  # no temp file left by either path


@pytest.fixture
def fsyncs(monkeypatch):
    """The paths os.fsync is asked to flush (the real fsync still runs)."""
    seen, real = [], os.fsync

    def recording(fd):
        seen.append(os.readlink(f"/proc/self/fd/{fd}"))
        real(fd)
    monkeypatch.setattr(os, "fsync", recording)
    return seen


def test_local_disk_flushes_at_make_durable_not_before(tmp_path, fsyncs):
    storage = LocalStorage(tmp_path)
    storage.save("tickets/1/a", [b"first"], durable=False)
    storage.save("tickets/1/b", [b"second"], durable=False)
    storage.save("tickets/2/c", [b"third"], durable=False)
    assert fsyncs == []
    storage.make_durable(["tickets/1/a", "tickets/1/b", "tickets/2/c"])
    files = [str(tmp_path / k) for k in ("tickets/1/a", "tickets/1/b", "tickets/2/c")]
    assert fsyncs[:3] == files and sorted(fsyncs[3:]) == [str(tmp_path / "tickets/1"), str(tmp_path / "tickets/2")]


def test_a_plain_save_is_durable_when_it_returns(tmp_path, fsyncs):
    LocalStorage(tmp_path).save("tickets/1/a", [b"data"])
    assert len(fsyncs) == 2  # the file, then its folder's new entry


def test_flushing_a_missing_blob_is_a_storage_error(tmp_path):
    with pytest.raises(StorageError):
        LocalStorage(tmp_path).make_durable(["tickets/1/nothing-here"])


@pytest.fixture
def writebacks(monkeypatch):
    """The (offset, length) ranges handed to sync_file_range (the real call still runs)."""
    seen, real = [], file_io.SYNC_FILE_RANGE
    if sys.platform != "linux":
        pytest.skip("sync_file_range is Linux's")
    assert real is not None, "sync_file_range should be found on Linux: large uploads rely on it"

    def recording(fd, offset, length, flags):
        seen.append((offset, length))
        return real(fd, offset, length, flags)
    monkeypatch.setattr(file_io, "SYNC_FILE_RANGE", recording)
    return seen


def test_local_disk_starts_writing_each_chunk_out_as_it_goes(tmp_path, writebacks):
    chunks = [b"a" * 10, b"b" * MiB, b"c" * 5, b"d" * MiB]  # written here, and by the writer thread
    blob = LocalStorage(tmp_path).save("tickets/1/a", chunks, durable=False)
    # every byte, once, so the final fsync has little left
    assert writebacks == [(0, 10), (10, MiB), (10 + MiB, 5), (15 + MiB, MiB)]
    assert (tmp_path / "tickets/1/a").read_bytes() == b"".join(chunks) and blob.size == 15 + 2 * MiB


def test_small_and_large_chunks_mixed_are_written_in_order(backend):
    chunks = [os.urandom(n) for n in (7, MiB, 100_003, 600_000, 3, 2 * MiB + 1, 1)]
    key = backend.new_key()
    blob = backend.storage.save(key, iter(chunks))
    assert (blob.size, blob.sha256) == (sum(map(len, chunks)), hashlib.sha256(b"".join(chunks)).hexdigest())
    assert b"".join(backend.storage.open(key)) == b"".join(chunks)


def test_no_early_writeback_when_fsync_is_off(tmp_path, writebacks):
    LocalStorage(tmp_path, fsync=False).save("tickets/1/a", [b"data"])
    assert writebacks == []


def test_a_small_chunk_waits_for_the_large_one_still_being_written(tmp_path, monkeypatch):
    """Large chunks are written by a writer thread, small ones by the saving thread: a slow writer
    must not let the next small chunk land first."""
    real = local.write_all

    def slow_for_large(fd, chunk, offset=None):
        if len(chunk) >= MiB:
            time.sleep(0.05)
        real(fd, chunk, offset)
    monkeypatch.setattr(local, "write_all", slow_for_large)
    chunks = [b"a" * MiB, b"b" * 10, b"c" * MiB, b"d" * 5]
    LocalStorage(tmp_path).save("tickets/1/a", chunks)
    assert (tmp_path / "tickets/1/a").read_bytes() == b"".join(chunks)
