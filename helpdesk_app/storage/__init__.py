"""Blob storage for attachments: one interface, a local-disk and an S3 backend.

Framework-free on purpose: services use it, the web layer serves what it returns.
"""

from pathlib import Path

from helpdesk_app.storage.base import CHUNK_SIZE, BlobStorage, StorageError, StoredBlob, validate_key
from helpdesk_app.storage.local import LocalStorage
from helpdesk_app.storage.s3 import S3Storage

__all__ = [
    "CHUNK_SIZE", "BlobStorage", "LocalStorage", "S3Storage", "StorageError", "StoredBlob",
    "build_storage", "validate_key",
]

KINDS = ("local", "s3")


def build_storage(kind: str, *, local_root: Path, s3_bucket: str | None = None,
                  s3_endpoint_url: str | None = None, s3_access_key: str | None = None,
                  s3_secret_key: str | None = None, s3_region: str = "us-east-1") -> BlobStorage:
    """The backend named by configuration; ValueError for an unknown kind or a missing bucket."""
    normalized = kind.strip().lower()
    if normalized == "local":
        return LocalStorage(Path(local_root))
    if normalized == "s3":
        if not s3_bucket:
            raise ValueError("S3 storage needs a bucket name")
        return S3Storage(
            s3_bucket, endpoint_url=s3_endpoint_url or None, access_key=s3_access_key or None,
            secret_key=s3_secret_key or None, region=s3_region or "us-east-1",
        )
    raise ValueError(f"unknown storage kind {kind!r}; expected one of {', '.join(KINDS)}")
