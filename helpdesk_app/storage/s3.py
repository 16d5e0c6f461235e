"""Blobs as objects in an S3-compatible bucket (AWS, SeaweedFS, MinIO...) through boto3."""

import errno
import hashlib
import threading
from collections.abc import Callable, Iterable, Iterator
import contextlib
from contextlib import contextmanager
from pathlib import Path

import boto3
import urllib3.exceptions
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError

from helpdesk_app.storage.base import (
    BlobEntry, ChunkReader, StorageError, StoredBlob, validate_key, validate_range,
)

MiB = 1024 * 1024
MIN_PART_SIZE = 5 * MiB  # S3's minimum for every part but the last
_READ_ERRORS = (BotoCoreError, urllib3.exceptions.HTTPError, OSError)


class S3Storage:
    """Objects in `bucket`. The client is created on first use, so construction never fails;
    access_key/secret_key None means boto3's usual chain (environment, instance role)."""

    def __init__(self, bucket: str, endpoint_url: str | None = None, access_key: str | None = None,
                 secret_key: str | None = None, region: str = "us-east-1", part_size: int = 8 * MiB,
                 *, max_attempts: int = 3):
        if part_size < MIN_PART_SIZE:
            raise ValueError(f"part_size must be at least {MIN_PART_SIZE} bytes (S3's minimum)")
        self.bucket, self.part_size = bucket, part_size
        self._client_args = dict(endpoint_url=endpoint_url, region_name=region, aws_access_key_id=access_key,
                                 aws_secret_access_key=secret_key)
        self._config = Config(
            # Fail fast when S3 is down (the API answers 503), but let slow transfers finish:
            # read_timeout is per socket read, not per request.
            connect_timeout=3, read_timeout=20, max_pool_connections=20,
            retries={"mode": "standard", "max_attempts": max_attempts},
            # Custom endpoints (SeaweedFS, MinIO) rarely have wildcard DNS for bucket subdomains.
            s3={"addressing_style": "path" if endpoint_url else "auto"},
        )
        self._client = None
        self._lock = threading.Lock()

    @property
    def client(self):
        with self._lock, _translated("connect"):
            if self._client is None:  # a session of our own: boto3's default one is not thread-safe
                self._client = boto3.session.Session().client("s3", config=self._config, **self._client_args)
        return self._client

    def save(self, key: str, chunks: Iterable[bytes], *, durable: bool = True) -> StoredBlob:
        """One put_object up to part_size, else a multipart upload; at most about one part is
        buffered. If-None-Match: * makes the final write refuse an existing key atomically."""
        validate_key(key)
        digest, size, upload_id, parts = hashlib.sha256(), 0, None, []
        pending, buffered = [], 0  # chunks not sent yet
        try:
            for chunk in chunks:  # exceptions raised by the iterator propagate unchanged
                chunk = bytes(chunk)  # the caller may reuse a bytearray/memoryview buffer
                digest.update(chunk)
                size += len(chunk)
                pending.append(chunk)
                buffered += len(chunk)
                if buffered >= self.part_size:
                    body, pending, buffered = b"".join(pending), [], 0
                    upload_id = upload_id or self._start_multipart(key)
                    parts.append(self._upload_part(key, upload_id, len(parts) + 1, body))
            body, pending = b"".join(pending), []
            if upload_id is None:
                with _translated("put", key):
                    self.client.put_object(Bucket=self.bucket, Key=key, Body=body, IfNoneMatch="*")
            else:
                if body:
                    parts.append(self._upload_part(key, upload_id, len(parts) + 1, body))
                with _translated("complete multipart upload", key):
                    self.client.complete_multipart_upload(
                        Bucket=self.bucket, Key=key, UploadId=upload_id,
                        MultipartUpload={"Parts": parts}, IfNoneMatch="*")
        except BaseException:
            if upload_id is not None:  # S3 keeps uploaded parts (and bills them) until aborted
                self._abort(key, upload_id)
            raise
        return StoredBlob(key=key, size=size, sha256=digest.hexdigest())

    def open(self, key: str, start: int = 0, end: int | None = None) -> Iterator[bytes]:
        validate_key(key)
        validate_range(start, end)
        extra = {} if start == 0 and end is None else {"Range": f"bytes={start}-{'' if end is None else end}"}
        try:
            with _translated("get", key):
                response = self.client.get_object(Bucket=self.bucket, Key=key, **extra)
        except StorageError as exc:
            if _code(exc.__cause__) == "InvalidRange":  # start beyond the end, or an empty object
                return ChunkReader(lambda n: b"", lambda: None, 0, errors=())
            raise
        body = response["Body"]
        return ChunkReader(body.read, body.close, response["ContentLength"], errors=_READ_ERRORS)

    def move(self, key: str, new_key: str) -> None:
        """A server-side copy (the bytes do not pass through us), then the old key is deleted. Keys are
        UUIDs, so the existence check before the copy only guards against misuse. Once copied, the
        blob has moved even if deleting the old object fails (that one is then left behind)."""
        validate_key(key)
        validate_key(new_key)
        if self.exists(new_key):
            raise FileExistsError(errno.EEXIST, "blob already exists", new_key)
        with _translated("copy", key):
            self.client.copy_object(Bucket=self.bucket, Key=new_key, CopySource={"Bucket": self.bucket, "Key": key})
        with contextlib.suppress(StorageError):  # moved all the same: the old object is left to a lifecycle rule
            self.delete(key)

    def size(self, key: str) -> int:
        validate_key(key)
        try:
            with _translated("head", key):
                return self.client.head_object(Bucket=self.bucket, Key=key)["ContentLength"]
        except FileNotFoundError:
            self.check()  # a HEAD answer has no body: a missing bucket is a bare 404 too
            raise

    def exists(self, key: str) -> bool:
        try:
            self.size(key)
        except FileNotFoundError:
            return False
        return True

    def delete(self, key: str) -> None:
        validate_key(key)
        with _translated("delete", key):
            self.client.delete_object(Bucket=self.bucket, Key=key)  # S3 deletes are idempotent

    def blobs(self, prefix: str = "") -> Iterator[BlobEntry]:
        with _translated("list"):
            for page in self.client.get_paginator("list_objects_v2").paginate(Bucket=self.bucket, Prefix=prefix):
                for item in page.get("Contents", []):
                    yield BlobEntry(item["Key"], item["LastModified"].timestamp())

    def remove_partial(self, prefix: str = "", *, modified_before: float,
                       of_keys: Callable[[str], bool] = lambda key: True) -> list[str]:
        """Multipart uploads started before `modified_before` and never completed nor aborted."""
        with _translated("list multipart uploads"):
            pages = self.client.get_paginator("list_multipart_uploads").paginate(Bucket=self.bucket, Prefix=prefix)
            stale = [(u["Key"], u["UploadId"]) for page in pages for u in page.get("Uploads", [])
                     if u["Initiated"].timestamp() < modified_before and of_keys(u["Key"])]
        for key, upload_id in stale:
            try:
                with _translated("abort multipart upload"):
                    self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)
            except StorageError as exc:
                if _code(exc.__cause__) != "NoSuchUpload":  # finished or aborted meanwhile: fine
                    raise
        return [key for key, _ in stale]

    def check(self) -> None:
        with _translated("check bucket"):
            self.client.head_bucket(Bucket=self.bucket)

    def prune(self, prefix: str) -> None:
        """Nothing to do: S3 has no folders, only keys."""

    def make_durable(self, keys: Iterable[str]) -> None:
        """Nothing to do: S3 has an object stored durably before it answers the write."""

    def local_path(self, key: str) -> Path | None:
        validate_key(key)
        return None  # an object has no file to hand to a zero-copy response

    def _start_multipart(self, key: str) -> str:
        with _translated("create multipart upload", key):
            return self.client.create_multipart_upload(Bucket=self.bucket, Key=key)["UploadId"]

    def _upload_part(self, key: str, upload_id: str, number: int, body: bytes) -> dict:
        with _translated("upload part", key):
            response = self.client.upload_part(
                Bucket=self.bucket, Key=key, UploadId=upload_id, PartNumber=number, Body=body)
        return {"PartNumber": number, "ETag": response["ETag"]}

    def _abort(self, key: str, upload_id: str) -> None:
        """Best effort: if S3 is down too, a bucket lifecycle rule
        (AbortIncompleteMultipartUpload) is what finally reclaims the parts."""
        with contextlib.suppress(Exception):  # must never mask the error that led here
            self.client.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload_id)


@contextmanager
def _translated(action: str, key: str | None = None):
    """Botocore errors -> FileNotFoundError / FileExistsError about `key`, else StorageError."""
    try:
        yield
    except ClientError as exc:
        code = _code(exc)
        if key is not None and code in ("NoSuchKey", "404", "NotFound"):
            raise FileNotFoundError(2, "no such blob", key) from exc
        if key is not None and code == "PreconditionFailed":
            raise FileExistsError(17, "blob already exists", key) from exc
        raise StorageError(f"S3 {action} failed: {code or exc}") from exc
    except (BotoCoreError, urllib3.exceptions.HTTPError, ValueError) as exc:
        raise StorageError(f"S3 {action} failed: {exc}") from exc


def _code(exc: BaseException | None) -> str:
    return exc.response.get("Error", {}).get("Code", "") if isinstance(exc, ClientError) else ""
