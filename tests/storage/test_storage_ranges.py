"""Contract: byte ranges [start, end] (inclusive), as the download endpoint serves them."""

import os

import pytest

from tests.storage.streams import MiB, chunked

SIZE = 9 * MiB + 7  # two S3 parts: ranges can cross the 8 MiB part boundary


@pytest.fixture
def saved(backend):
    data = os.urandom(SIZE)
    key = backend.new_key()
    backend.storage.save(key, chunked(data, MiB))
    return backend.storage, key, data


CASES = [
    (0, 0), (0, None), (5, 9), (8 * MiB - 3, 8 * MiB + 3), (SIZE - 1, None), (SIZE - 1, SIZE - 1),
    (100, SIZE + 1000),  # an end beyond the object is clamped, as HTTP ranges are
    (SIZE, None), (SIZE + 5, SIZE + 10),  # a start beyond the object gives nothing
]


def test_open_returns_exactly_the_requested_range(saved):
    storage, key, data = saved
    for start, end in CASES:
        expected = data[start:] if end is None else data[start:end + 1]
        got = b"".join(storage.open(key, start, end))
        assert got == expected, f"range {start}-{end}: {len(got)} bytes instead of {len(expected)}"


def test_an_empty_blob_gives_no_bytes_for_any_range(backend):
    key = backend.new_key()
    backend.storage.save(key, [])
    for start, end in [(0, None), (0, 0), (0, 10), (3, None)]:
        assert b"".join(backend.storage.open(key, start, end)) == b""


@pytest.mark.parametrize(("start", "end"), [(-1, None), (5, 4)])
def test_an_invalid_range_is_a_value_error(saved, start, end):
    storage, key, _ = saved
    with pytest.raises(ValueError):
        storage.open(key, start, end)


def test_a_missing_blob_fails_when_opened_not_later(backend):
    """So the web layer can answer 404 before it starts a response."""
    with pytest.raises(FileNotFoundError):
        backend.storage.open(backend.new_key())
    with pytest.raises(FileNotFoundError):
        backend.storage.open(backend.new_key(), 10, 20)


def test_a_reader_can_stop_early_and_be_closed(saved):
    storage, key, data = saved
    reader = storage.open(key)
    first = next(reader)
    reader.close()
    reader.close()  # twice is fine
    assert data.startswith(first)
    assert list(reader) == []
