"""build_storage picks the backend from configuration; the package stays framework-free."""

import subprocess
import sys

import pytest

from helpdesk_app.storage import BlobStorage, LocalStorage, S3Storage, build_storage


def test_local_is_built_on_the_given_root(tmp_path):
    storage = build_storage("local", local_root=tmp_path / "blobs")
    assert isinstance(storage, LocalStorage) and isinstance(storage, BlobStorage)
    assert storage.root == tmp_path / "blobs"
    assert not storage.root.exists()  # nothing happens until it is used


def test_s3_is_built_without_connecting(tmp_path):
    storage = build_storage(" S3 ", local_root=tmp_path, s3_bucket="attachments",
                            s3_endpoint_url="http://127.0.0.1:1", s3_access_key="AK", s3_secret_key="SK",
                            s3_region="eu-central-1")
    assert isinstance(storage, S3Storage) and isinstance(storage, BlobStorage)
    assert storage.bucket == "attachments"
    assert storage._client is None  # created lazily, on first use


@pytest.mark.parametrize(("kind", "bucket"), [("ftp", "b"), ("", "b"), ("s3", None), ("s3", "")])
def test_an_unknown_kind_or_a_missing_bucket_is_a_value_error(tmp_path, kind, bucket):
    with pytest.raises(ValueError):
        build_storage(kind, local_root=tmp_path, s3_bucket=bucket)


def test_an_s3_part_size_below_the_s3_minimum_is_refused():
    with pytest.raises(ValueError):
        S3Storage("attachments", part_size=1024 * 1024)


def test_importing_storage_loads_no_web_framework():
    code = ("import sys, helpdesk_app.storage; "
            "print(sorted({m.split('.')[0] for m in sys.modules} & {'reflex', 'fastapi', 'starlette'}))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
