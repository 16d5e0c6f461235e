"""ChunkReader, which both backends' open() returns: bounded, closing, honest about errors."""

import io

import pytest

from helpdesk_app.storage import CHUNK_SIZE, StorageError
from helpdesk_app.storage.base import ChunkReader


class Source(io.BytesIO):
    closes = 0

    def close(self):
        self.closes += 1
        super().close()


def test_it_reads_exactly_the_length_in_bounded_chunks_and_closes_the_source():
    source = Source(b"x" * (CHUNK_SIZE * 2 + 5))
    reader = ChunkReader(source.read, source.close, CHUNK_SIZE + 3, errors=(OSError,))
    assert [len(c) for c in reader] == [CHUNK_SIZE, 3]
    assert source.closes == 1


def test_a_source_that_ends_early_is_a_storage_error():
    source = Source(b"short")
    with pytest.raises(StorageError):
        list(ChunkReader(source.read, source.close, 100, errors=(OSError,)))
    assert source.closes == 1


def test_a_read_failure_is_a_storage_error():
    def read(n):
        raise ConnectionResetError("peer went away")

    with pytest.raises(StorageError) as raised:
        next(ChunkReader(read, lambda: None, 10, errors=(OSError,)))
    assert isinstance(raised.value.__cause__, ConnectionResetError)


def test_an_unstarted_reader_still_closes_its_source():
    source = Source(b"data")
    ChunkReader(source.read, source.close, 4, errors=(OSError,)).close()
    reader = ChunkReader(source.read, source.close, 4, errors=(OSError,))
    del reader  # garbage collection closes it too
    assert source.closes == 2
