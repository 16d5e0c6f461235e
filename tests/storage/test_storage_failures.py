"""Contract: a save that fails leaves nothing behind (no file, no object, no pending upload).

The caller's iterator failing (size limit, virus found, client gone) re-raises its own
exception unchanged; the backend failing raises StorageError chained to the cause.
"""

import pytest

from helpdesk_app.storage import StorageError
from tests.storage.streams import MiB, generated


class UploadTooLarge(Exception):
    pass


def failing_after(size: int, error: BaseException):
    """The stream a request handler passes on, dying after `size` bytes."""
    yield from generated(size)
    raise error


@pytest.mark.parametrize("sent", [0, 100, 3 * MiB, 18 * MiB], ids=["at-once", "tiny", "one-part", "parts"])
def test_an_iterator_that_raises_leaves_nothing_behind(backend, sent):
    key = backend.new_key()
    error = UploadTooLarge("over the 50 MB limit")

    with pytest.raises(UploadTooLarge) as raised:
        backend.storage.save(key, failing_after(sent, error))

    assert raised.value is error
    assert not backend.storage.exists(key)
    assert backend.leftovers() == []


@pytest.mark.parametrize("error", [OSError("client socket closed"), KeyboardInterrupt()],
                         ids=["os-error", "base-exception"])
def test_the_iterators_own_errors_are_never_turned_into_storage_errors(backend, error):
    """An OSError from reading the upload is the client's problem, not a 503."""
    with pytest.raises(type(error)) as raised:
        backend.storage.save(backend.new_key(), failing_after(9 * MiB, error))
    assert raised.value is error
    assert backend.leftovers() == []


@pytest.mark.parametrize(("stage", "size"), [("middle", 20 * MiB), ("end", 20 * MiB), ("end", MiB)],
                         ids=["mid-stream", "final-write-large", "final-write-small"])
def test_a_backend_failure_is_a_storage_error_and_leaves_nothing_behind(backend, monkeypatch, stage, size):
    backend.break_at(monkeypatch, stage)
    key = backend.new_key()

    with pytest.raises(StorageError) as raised:
        backend.storage.save(key, generated(size))

    assert raised.value.__cause__ is not None  # chained, for the logs
    monkeypatch.undo()
    assert not backend.storage.exists(key)
    assert backend.leftovers() == []


def test_a_failed_save_does_not_block_a_later_one_with_the_same_key(backend):
    key = backend.new_key()
    with pytest.raises(UploadTooLarge):
        backend.storage.save(key, failing_after(9 * MiB, UploadTooLarge()))

    blob = backend.storage.save(key, [b"second try"])

    assert blob.size == 10
    assert b"".join(backend.storage.open(key)) == b"second try"
