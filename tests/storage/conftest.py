"""Fixtures for the storage contract tests: every test taking `backend` runs on both backends.

The S3 backend talks to the real SeaweedFS server of tests/conftest.py (`s3_server`, started once
per session when an S3 test first needs it; a failure to start fails those tests).
"""

import errno
import os
import uuid
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from botocore.exceptions import ClientError

from helpdesk_app.storage import BlobStorage, LocalStorage, S3Storage

MiB = 1024 * 1024


@dataclass
class Backend:
    """A storage under test plus what the test needs to look behind it."""

    name: str
    storage: BlobStorage
    prefix: str  # every key of this test starts with it
    leftovers: Callable[[], list[str]]  # anything stored under the prefix, incl. temp files and pending uploads
    # break_at(monkeypatch, "middle" | "end"): make the backend fail after ~3 MB, or at the final write.
    break_at: Callable[[pytest.MonkeyPatch, str], None]

    def new_key(self) -> str:
        return f"{self.prefix}/{uuid.uuid4().hex}"


@pytest.fixture(params=["local", "s3"])
def backend(request, tmp_path) -> Backend:
    prefix = f"tickets/{uuid.uuid4().hex[:8]}"
    if request.param == "local":
        root = tmp_path / "blobs"
        storage = LocalStorage(root)

        def leftovers() -> list[str]:
            return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir())

        return Backend("local", storage, prefix, leftovers, _break_local)

    server, bucket = request.getfixturevalue("s3_server"), request.getfixturevalue("s3_bucket")
    storage = S3Storage(bucket, endpoint_url=server.endpoint_url, access_key=server.access_key,
                        secret_key=server.secret_key, region=server.region)
    client = server.client()

    return Backend("s3", storage, prefix, lambda: s3_leftovers(client, bucket, prefix),
                   lambda mp, stage: _break_s3(storage, mp, stage))


def s3_leftovers(client, bucket: str, prefix: str = "") -> list[str]:
    """Every object and unfinished multipart upload in the bucket under `prefix`."""
    objects = client.list_objects_v2(Bucket=bucket, Prefix=prefix).get("Contents", [])
    uploads = client.list_multipart_uploads(Bucket=bucket, Prefix=prefix).get("Uploads", [])
    return sorted([o["Key"] for o in objects] + [f"(pending upload) {u['Key']}" for u in uploads])


def _break_local(monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    if stage == "end":
        monkeypatch.setattr(os, "link", _failing(OSError(errno.EIO, "Input/output error")))
        return
    real_write, written = os.write, [0]

    def write(fd, data):  # a disk that fills up after 3 MB
        if written[0] >= 3 * MiB:
            raise OSError(errno.ENOSPC, "No space left on device")
        written[0] += len(data)
        return real_write(fd, data)

    monkeypatch.setattr(os, "write", write)


def _break_s3(storage: S3Storage, monkeypatch: pytest.MonkeyPatch, stage: str) -> None:
    """Injected at the client, so the clean-up (abort) still runs against the real server."""
    client = storage.client
    error = ClientError({"Error": {"Code": "InternalError", "Message": "injected"}}, "injected")
    if stage == "end":
        monkeypatch.setattr(client, "put_object", _failing(error))
        monkeypatch.setattr(client, "complete_multipart_upload", _failing(error))
        return
    real_upload_part, calls = client.upload_part, [0]

    def upload_part(**kwargs):  # the first part goes through, the second fails
        calls[0] += 1
        if calls[0] >= 2:
            raise error
        return real_upload_part(**kwargs)

    monkeypatch.setattr(client, "upload_part", upload_part)


def _failing(error: BaseException) -> Callable[..., None]:
    def fail(*args, **kwargs):
        raise error
    return fail
