"""Contract: size, exists, delete (idempotent) and the health check."""

import hashlib
import os
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.storage.streams import MiB, chunked


def test_a_missing_blob_has_no_size_and_does_not_exist(backend):
    key = backend.new_key()
    assert not backend.storage.exists(key)
    with pytest.raises(FileNotFoundError):
        backend.storage.size(key)


def test_delete_removes_the_blob_and_can_be_repeated(backend):
    key = backend.new_key()
    backend.storage.save(key, [b"to be purged"])

    backend.storage.delete(key)
    backend.storage.delete(key)

    assert not backend.storage.exists(key)
    with pytest.raises(FileNotFoundError):
        backend.storage.open(key)
    assert backend.leftovers() == []


def test_deleting_a_key_that_never_existed_is_fine(backend):
    backend.storage.delete(backend.new_key())


def test_delete_leaves_other_blobs_alone(backend):
    keep, drop = backend.new_key(), backend.new_key()
    backend.storage.save(keep, [b"keep"])
    backend.storage.save(drop, [b"drop"])

    backend.storage.delete(drop)

    assert b"".join(backend.storage.open(keep)) == b"keep"


def test_a_key_prefix_is_not_a_blob(backend):
    """"tickets/x" is a directory on disk when "tickets/x/y" exists; it is still no blob."""
    key = backend.new_key()
    backend.storage.save(f"{key}/inner", [b"data"])
    assert not backend.storage.exists(key)
    with pytest.raises(FileNotFoundError):
        backend.storage.size(key)
    with pytest.raises(FileNotFoundError):
        backend.storage.open(key)
    backend.storage.delete(key)
    assert backend.storage.exists(f"{key}/inner")


def test_the_health_check_passes_on_a_working_backend(backend):
    backend.storage.check()
    backend.storage.check()
    assert backend.leftovers() == []  # the local probe file is gone


def test_concurrent_saves_from_several_threads_all_succeed(backend):
    payloads = {backend.new_key(): os.urandom(3 * MiB + i) for i in range(8)}

    with ThreadPoolExecutor(max_workers=8) as pool:
        blobs = list(pool.map(lambda kv: backend.storage.save(kv[0], chunked(kv[1], 256 * 1024)),
                              payloads.items()))

    for blob in blobs:
        assert blob.sha256 == hashlib.sha256(payloads[blob.key]).hexdigest()
        assert b"".join(backend.storage.open(blob.key)) == payloads[blob.key]
    assert backend.leftovers() == sorted(payloads)
