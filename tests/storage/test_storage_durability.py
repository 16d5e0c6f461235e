"""Contract: save(durable=False) then make_durable() stores the same blob as a plain save, on both
backends; on local disk the flush is deferred to make_durable, which flushes file and folder."""

import hashlib
import os

import pytest

from helpdesk_app.storage import LocalStorage, StorageError
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
