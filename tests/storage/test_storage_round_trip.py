"""Contract: what is saved comes back byte for byte, with its size and sha256 (both backends)."""

import hashlib
import os

import pytest

from helpdesk_app.storage import CHUNK_SIZE, StoredBlob
from helpdesk_app.storage.base import immutable
from tests.storage.streams import MiB, chunked

# Empty, tiny, one S3 part, exactly one part, and several parts (S3 part size is 8 MiB).
SIZES = [0, 1, 1000, 5 * MiB + 3, 8 * MiB, 20_000_000]


@pytest.mark.parametrize("size", SIZES)
def test_a_saved_blob_reads_back_exactly(backend, size):
    data = os.urandom(size)
    key = backend.new_key()

    blob = backend.storage.save(key, chunked(data, 100_003))  # odd chunks straddle part boundaries

    assert blob == StoredBlob(key=key, size=size, sha256=hashlib.sha256(data).hexdigest())
    assert b"".join(backend.storage.open(key)) == data
    assert backend.storage.size(key) == size
    assert backend.storage.exists(key)
    assert backend.leftovers() == [key]


def test_reading_streams_in_bounded_chunks(backend):
    key = backend.new_key()
    backend.storage.save(key, [os.urandom(3 * MiB)])

    sizes = [len(chunk) for chunk in backend.storage.open(key)]

    assert sum(sizes) == 3 * MiB
    assert len(sizes) > 1 and max(sizes) <= CHUNK_SIZE <= MiB


def test_it_accepts_bytes_like_chunks_and_reused_buffers(backend):
    """A caller reading with readinto() hands over the same bytearray again and again."""
    source = os.urandom(9 * MiB)
    buffer = bytearray(MiB)

    def readinto_chunks():
        for i in range(0, len(source), len(buffer)):
            piece = source[i:i + len(buffer)]
            buffer[:len(piece)] = piece
            yield memoryview(buffer)[:len(piece)]
        yield b""  # an empty chunk is harmless

    key = backend.new_key()
    blob = backend.storage.save(key, readinto_chunks())

    assert blob.sha256 == hashlib.sha256(source).hexdigest()
    assert b"".join(backend.storage.open(key)) == source


def test_views_of_bytes_are_kept_and_buffers_copied():
    data, buffer = b"abcdef", bytearray(b"abcdef")
    view = memoryview(data)[1:4]
    assert immutable(data) is data and immutable(view) is view
    kept = immutable(memoryview(buffer)[1:4])
    buffer[1:2] = b"X"
    assert kept == b"bcd" and type(kept) is bytes


def test_it_accepts_views_of_bytes(backend):
    """What a streamed upload hands over: views into the request's chunks, kept as they are."""
    source = os.urandom(3 * MiB + 5)
    key = backend.new_key()
    blob = backend.storage.save(key, (memoryview(source)[i:i + 700_001] for i in range(0, len(source), 700_001)))
    assert (blob.size, blob.sha256) == (len(source), hashlib.sha256(source).hexdigest())
    assert b"".join(backend.storage.open(key)) == source


@pytest.mark.parametrize("size", [10, 9 * MiB], ids=["single-put", "multipart"])
def test_it_never_overwrites_an_existing_key(backend, size):
    key = backend.new_key()
    backend.storage.save(key, [b"original"])

    with pytest.raises(FileExistsError):
        backend.storage.save(key, chunked(b"x" * size, MiB))

    assert b"".join(backend.storage.open(key)) == b"original"
    assert backend.leftovers() == [key]  # no temp file, no pending multipart upload


def test_local_path_points_at_the_file_only_on_local_disk(backend):
    key = backend.new_key()
    backend.storage.save(key, [b"zero-copy"])

    path = backend.storage.local_path(key)

    if backend.name == "local":
        assert path.read_bytes() == b"zero-copy"
    else:
        assert path is None
