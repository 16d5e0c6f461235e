"""Contract: an unusable backend raises StorageError (the API answers 503), quickly."""

import time

import pytest

from helpdesk_app.storage import LocalStorage, S3Storage, StorageError
from tests.s3_server import free_ports


@pytest.fixture(params=["local-under-a-file", "s3-closed-port", "s3-wrong-secret", "s3-no-bucket"])
def broken(request, tmp_path):
    if request.param == "local-under-a-file":
        blocker = tmp_path / "not-a-directory"
        blocker.write_bytes(b"a regular file where the storage root should be")
        return LocalStorage(blocker / "blobs")
    if request.param == "s3-closed-port":  # nothing listens there: connection refused
        return S3Storage("attachments", endpoint_url=f"http://127.0.0.1:{free_ports(1)[0]}",
                         access_key="AKEXAMPLE", secret_key="secret")
    server = request.getfixturevalue("s3_server")
    bucket = "no-such-bucket" if request.param == "s3-no-bucket" else request.getfixturevalue("s3_bucket")
    secret = "not-the-secret" if request.param == "s3-wrong-secret" else server.secret_key
    return S3Storage(bucket, endpoint_url=server.endpoint_url, access_key=server.access_key, secret_key=secret)


OPERATIONS = {
    "check": lambda s: s.check(),
    "save": lambda s: s.save("tickets/1/a", [b"data"]),
    "save-multipart": lambda s: s.save("tickets/1/b", [b"x" * (9 * 1024 * 1024)]),
    "open": lambda s: s.open("tickets/1/a"),
    "open-range": lambda s: s.open("tickets/1/a", 1, 2),
    "size": lambda s: s.size("tickets/1/a"),
    "exists": lambda s: s.exists("tickets/1/a"),
    "delete": lambda s: s.delete("tickets/1/a"),
    "blobs": lambda s: list(s.blobs()),
    "remove-partial": lambda s: s.remove_partial(modified_before=time.time()),
}


@pytest.mark.parametrize("operation", OPERATIONS)
def test_every_operation_on_an_unusable_backend_raises_storage_error(broken, operation):
    started = time.monotonic()
    with pytest.raises(StorageError):
        OPERATIONS[operation](broken)
    assert time.monotonic() - started < 10  # bounded by timeouts and retries, never hangs
