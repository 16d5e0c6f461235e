"""Contract: move gives a blob another key (staged uploads, once their ticket exists), on both backends."""

import hashlib
import os

import pytest

from helpdesk_app.storage import StorageError, StoredBlob
from tests.storage.streams import MiB, chunked
from tests.storage.test_storage_keys import BAD_KEYS


def _saved(backend, data: bytes, key: str | None = None) -> str:
    key = key or backend.new_key()
    backend.storage.save(key, chunked(data, 100_003))
    return key


def _read(backend, key: str) -> bytes:
    return b"".join(backend.storage.open(key))


def test_a_moved_blob_has_its_bytes_and_size_under_the_new_key_only(backend):
    moved = []
    for size in (0, 1000, 9 * MiB):  # empty, small, and a multipart object on S3
        data = os.urandom(size)
        old = _saved(backend, data, f"{backend.prefix}/incoming/{os.urandom(16).hex()}")
        new = f"{backend.prefix}/tickets/7/{old.rsplit('/', 1)[-1]}"  # another "directory" than the old key's

        backend.storage.move(old, new)

        assert backend.storage.size(new) == size
        assert hashlib.sha256(_read(backend, new)).digest() == hashlib.sha256(data).digest()
        assert not backend.storage.exists(old)
        with pytest.raises(FileNotFoundError):
            backend.storage.open(old)
        moved.append(new)
    assert backend.leftovers() == sorted(moved)  # no temp file, no second copy


def test_the_old_key_is_free_again_and_a_blob_can_move_twice(backend):
    first, second, third = _saved(backend, b"travels"), backend.new_key(), backend.new_key()
    backend.storage.move(first, second)
    backend.storage.move(second, third)

    assert backend.storage.save(first, [b"new"]) == StoredBlob(first, 3, hashlib.sha256(b"new").hexdigest())
    assert (_read(backend, first), _read(backend, third)) == (b"new", b"travels")
    assert backend.leftovers() == sorted([first, third])


def test_moving_a_missing_blob_is_file_not_found_and_creates_nothing(backend):
    old, new = backend.new_key(), backend.new_key()
    with pytest.raises(FileNotFoundError):
        backend.storage.move(old, new)
    assert not backend.storage.exists(new)
    assert backend.leftovers() == []


def test_a_key_prefix_is_not_a_blob_to_move(backend):
    """"tickets/x" is a directory on disk when "tickets/x/y" exists; it is still no blob."""
    inner = _saved(backend, b"data", f"{backend.new_key()}/inner")
    prefix, new = inner.rsplit("/", 1)[0], backend.new_key()
    with pytest.raises(FileNotFoundError):
        backend.storage.move(prefix, new)
    assert not backend.storage.exists(new)
    assert backend.leftovers() == [inner]


def test_moving_onto_an_existing_blob_is_refused_and_both_stay_as_they_were(backend):
    old, new = _saved(backend, b"the staged file"), _saved(backend, b"somebody else's file")
    with pytest.raises(FileExistsError):
        backend.storage.move(old, new)
    # Onto itself too: a copy onto itself and then deleting the "old" key would lose the blob.
    with pytest.raises(FileExistsError):
        backend.storage.move(old, old)
    assert (_read(backend, old), _read(backend, new)) == (b"the staged file", b"somebody else's file")
    assert backend.leftovers() == sorted([old, new])


def test_an_unsafe_key_on_either_side_is_refused_before_touching_anything(backend):
    key = _saved(backend, b"stays put")
    for bad in BAD_KEYS:
        for old, new in ((key, bad), (bad, backend.new_key()), (bad, bad)):
            with pytest.raises(ValueError):
                backend.storage.move(old, new)
    assert _read(backend, key) == b"stays put"
    assert backend.leftovers() == [key]
    if backend.name == "local":  # nothing was created under the root, not even a directory
        root, parts = backend.storage.root, key.split("/")
        assert sorted(p.relative_to(root).as_posix() for p in root.rglob("*")) == sorted(
            "/".join(parts[:i]) for i in range(1, len(parts) + 1))


def test_prune_removes_an_empty_staging_folder_only(backend):
    staged = _saved(backend, b"data", f"{backend.prefix}/incoming/{os.urandom(16).hex()}")
    folder = staged.rsplit("/", 1)[0]
    backend.storage.prune(folder)  # not empty: stays, and so does the blob
    assert _read(backend, staged) == b"data"
    backend.storage.move(staged, f"{backend.prefix}/tickets/8/{staged.rsplit('/', 1)[-1]}")
    backend.storage.prune(folder)
    backend.storage.prune(f"{backend.prefix}/incoming/never-made")  # never fails
    path = backend.storage.local_path(staged)
    assert path is None or not path.parent.exists()


@pytest.mark.parametrize("backend", ["s3"], indirect=True)  # local disk moves by a hard link and an unlink
def test_on_s3_a_failed_delete_of_the_old_object_still_moves_the_blob(backend, monkeypatch):
    """Once the copy exists the blob has moved: failing the move would leave the copy orphaned
    under the ticket instead, with the upload refused."""
    old = _saved(backend, b"data", f"{backend.prefix}/incoming/{os.urandom(16).hex()}")
    new = f"{backend.prefix}/tickets/9/{old.rsplit('/', 1)[-1]}"

    def failing_delete(key):
        raise StorageError("S3 delete failed: InternalError")
    monkeypatch.setattr(backend.storage, "delete", failing_delete)
    backend.storage.move(old, new)
    assert _read(backend, new) == b"data"
