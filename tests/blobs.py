"""Looking behind the attachment storage: what a backend really holds, and backends that are down.

`Blobs` pairs a storage with a way to list everything stored in it: local files (temp files
included) or S3 objects and unfinished multipart uploads. On the shared session bucket only
objects that appeared after the view was made count, so tests never see each other's files.
"""

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from helpdesk_app.services.attachments.intake import IncomingFile
from helpdesk_app.storage import BlobStorage, LocalStorage, S3Storage
from tests.s3_server import S3Server, free_ports

CHUNK = 64 * 1024


@dataclass
class Blobs:
    name: str  # "local" or "s3"
    storage: BlobStorage
    leftovers: Callable[[], list[str]]  # everything stored since the view was made, pending uploads too

    def read(self, key: str) -> bytes:
        return b"".join(self.storage.open(key))


def local_blobs(root: Path, storage: LocalStorage | None = None) -> Blobs:
    storage = storage or LocalStorage(root)

    def leftovers() -> list[str]:
        return sorted(str(p.relative_to(root)) for p in root.rglob("*") if not p.is_dir()) if root.exists() else []

    return Blobs("local", storage, leftovers)


def s3_blobs(server: S3Server, bucket: str, storage: S3Storage | None = None) -> Blobs:
    storage = storage or S3Storage(bucket, endpoint_url=server.endpoint_url, access_key=server.access_key,
                                   secret_key=server.secret_key, region=server.region)
    client = server.client()

    def everything() -> set[str]:
        keys = {o["Key"] for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket)
                for o in page.get("Contents", [])}
        uploads = client.list_multipart_uploads(Bucket=bucket).get("Uploads", [])
        return keys | {f"(pending upload) {u['Key']}" for u in uploads}

    before = everything()
    return Blobs("s3", storage, lambda: sorted(everything() - before))


def down_storage(kind: str, tmp_path: Path) -> BlobStorage:
    """A backend that cannot store anything: a local root that is a file, or S3 on a closed port."""
    if kind == "local":
        root = tmp_path / "attachments-root-is-a-file"
        root.write_bytes(b"")
        return LocalStorage(root)
    (port,) = free_ports(1)  # nothing listens there
    return S3Storage("attachments", endpoint_url=f"http://127.0.0.1:{port}", access_key="AK", secret_key="SK")


def chunks(data: bytes, size: int = CHUNK) -> Iterator[bytes]:
    """The bytes as they would arrive from a client, a chunk at a time."""
    for start in range(0, len(data), size):
        yield data[start:start + size]


def incoming(name: str, data: bytes, size: int = CHUNK) -> IncomingFile:
    return IncomingFile(name, chunks(data, size))


def failing_midway(name: str, data: bytes, error: BaseException) -> IncomingFile:
    """A client that sends `data` and then goes away (the iterator raises)."""
    def stream() -> Iterator[bytes]:
        yield from chunks(data)
        raise error
    return IncomingFile(name, stream())


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def padded(sample: bytes, size: int) -> bytes:
    """A genuine sample file grown to `size` bytes (the type check only reads the first bytes)."""
    return sample + b"\0" * (size - len(sample))


def text(size: int, fill: bytes = b"support ") -> bytes:
    """A plain text file of exactly `size` bytes."""
    return (fill * (size // len(fill) + 1))[:size]
