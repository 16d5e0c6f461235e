"""Contract: listing blobs, and removing the partial writes a crash leaves (for the sweep)."""

import dataclasses
import os
import time
import uuid

import pytest

from helpdesk_app.storage import LocalStorage, S3Storage
from tests.storage.conftest import s3_leftovers
from tests.storage.streams import MiB


def _keys(backend, prefix=None) -> list[str]:
    return sorted(e.key for e in backend.storage.blobs(backend.prefix if prefix is None else prefix))


def _crashed_save(backend, key: str) -> None:
    """What a save killed halfway leaves: a temp file beside the key, or an unfinished multipart upload."""
    if backend.name == "local":
        path = backend.storage.root / key
        path.parent.mkdir(parents=True, exist_ok=True)
        (path.parent / f".{path.name}.k2j4x9.tmp").write_bytes(b"half a file")
        return
    client, bucket = backend.storage.client, backend.storage.bucket
    upload = client.create_multipart_upload(Bucket=bucket, Key=key)["UploadId"]
    client.upload_part(Bucket=bucket, Key=key, UploadId=upload, PartNumber=1, Body=b"x" * (5 * MiB))


def test_blobs_lists_every_blob_under_the_prefix_with_when_it_was_written(backend):
    before = time.time()
    keys = sorted([backend.new_key(), backend.new_key(), f"{backend.new_key()}/nested"])
    for key in keys:
        backend.storage.save(key, [b"data"])
    other = f"tickets/{uuid.uuid4().hex[:8]}/{uuid.uuid4().hex}"
    backend.storage.save(other, [b"not under the prefix"])

    entries = list(backend.storage.blobs(backend.prefix))

    assert sorted(e.key for e in entries) == keys
    assert all(before - 5 <= e.modified <= time.time() + 5 for e in entries)  # S3 times are whole seconds
    assert other in {e.key for e in backend.storage.blobs("tickets/")}
    backend.storage.delete(other)


def test_a_prefix_matches_keys_not_whole_folders_only(backend):
    first, second = f"{backend.prefix}/ab1", f"{backend.prefix}/ab2"
    backend.storage.save(first, [b"1"])
    backend.storage.save(second, [b"2"])
    assert _keys(backend, f"{backend.prefix}/ab") == [first, second]
    assert _keys(backend, f"{backend.prefix}/ab1") == [first]
    assert _keys(backend, f"{backend.prefix}/zz") == []


def test_a_save_in_progress_is_not_listed(backend):
    key = backend.new_key()
    seen = []

    def chunks():
        yield b"first half, "
        seen.append(_keys(backend))
        yield b"second half"

    backend.storage.save(key, chunks())
    assert seen == [[]]
    assert _keys(backend) == [key]


@pytest.fixture
def isolated(backend, request):
    """The backend on a bucket of its own on S3: remove_partial acts on the whole bucket."""
    if backend.name == "local":
        return backend
    server = request.getfixturevalue("s3_server")
    bucket = server.make_bucket()
    storage = S3Storage(bucket, endpoint_url=server.endpoint_url, access_key=server.access_key,
                        secret_key=server.secret_key, region=server.region)
    client = server.client()
    return dataclasses.replace(backend, storage=storage, leftovers=lambda: s3_leftovers(client, bucket))


def test_remove_partial_removes_only_old_partial_writes(isolated):
    backend = isolated
    done, crashed = backend.new_key(), backend.new_key()
    backend.storage.save(done, [b"a finished blob"])
    _crashed_save(backend, crashed)
    assert len(backend.leftovers()) == 2

    assert backend.storage.remove_partial(modified_before=time.time() - 3600) == []  # too recent
    assert len(backend.leftovers()) == 2
    assert backend.storage.remove_partial(modified_before=time.time() + 5, of_keys=lambda key: key != crashed) == []
    assert len(backend.leftovers()) == 2
    assert backend.storage.remove_partial(modified_before=time.time() + 5) == [crashed]

    assert backend.leftovers() == [done]
    assert _keys(backend) == [done]


def test_remove_partial_keeps_to_its_prefix(isolated):
    backend = isolated
    ours, other = backend.new_key(), f"elsewhere/{uuid.uuid4().hex}"
    _crashed_save(backend, ours)
    _crashed_save(backend, other)

    assert backend.storage.remove_partial(backend.prefix, modified_before=time.time() + 5) == [ours]

    assert len(backend.leftovers()) == 1 and "elsewhere/" in backend.leftovers()[0]


@pytest.mark.parametrize("age_hours", [0, 30])
def test_a_local_temp_file_counts_by_its_last_write(tmp_path, age_hours):
    storage = LocalStorage(tmp_path / "blobs")
    folder = tmp_path / "blobs" / "incoming" / uuid.uuid4().hex
    folder.mkdir(parents=True)
    temp = folder / f".{uuid.uuid4().hex}.a8b7c6.tmp"
    temp.write_bytes(b"partial")
    os.utime(temp, (time.time() - age_hours * 3600,) * 2)

    removed = storage.remove_partial(modified_before=time.time() - 24 * 3600)

    assert removed == ([f"incoming/{folder.name}/{temp.name[1:].split('.')[0]}"] if age_hours > 24 else [])
    assert temp.exists() is (age_hours <= 24)


def test_odd_hidden_files_are_not_taken_for_temp_files(tmp_path):
    storage = LocalStorage(tmp_path / "blobs")
    folder = tmp_path / "blobs" / "tickets" / "1"
    folder.mkdir(parents=True)
    for name in (".tmp", "..tmp", ".abc.tmp", ".check-x1y2z3"):
        (folder / name).write_bytes(b"?")
    assert storage.remove_partial(modified_before=time.time() + 5) == []
    assert len(list(folder.iterdir())) == 4


def test_listing_a_local_root_that_does_not_exist_yet_is_empty(tmp_path):
    storage = LocalStorage(tmp_path / "never-written")
    assert list(storage.blobs()) == []
    assert storage.remove_partial(modified_before=time.time()) == []
