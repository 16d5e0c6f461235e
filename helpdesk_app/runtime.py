"""The configured attachment storage, virus scanner and limits, built once per process."""

from functools import lru_cache

from helpdesk_app.config import get_settings
from helpdesk_app.db import get_engine
from helpdesk_app.scanner import Scanner, build_scanner
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.storage import BlobStorage, LocalStorage, build_storage

MB = 1024 * 1024


@lru_cache
def get_storage() -> BlobStorage:
    s = get_settings()
    return build_storage(
        s.storage, local_root=s.attachments_dir, s3_bucket=s.s3_bucket, s3_endpoint_url=s.s3_endpoint_url or None,
        s3_access_key=s.s3_access_key_id or None, s3_secret_key=s.s3_secret_access_key or None,
        s3_region=s.s3_region,
    )


@lru_cache
def get_scanner() -> Scanner:
    s = get_settings()
    return build_scanner(s.virus_scan, socket_path=s.clamd_socket or None, host=s.clamd_host, port=s.clamd_port)


@lru_cache
def get_limits() -> AttachmentLimits:
    s = get_settings()
    return AttachmentLimits(max_file_bytes=s.max_file_mb * MB, max_files_per_ticket=s.max_files_per_ticket,
                            max_ticket_bytes=s.max_ticket_mb * MB)


def database_is_local() -> bool:
    """Whether reading a row touches no network (SQLite)."""
    return get_engine().dialect.name == "sqlite"


def reads_are_local(storage: BlobStorage) -> bool:
    """Whether reading a row and a file touches no network: SQLite and local-disk storage."""
    return isinstance(storage, LocalStorage) and database_is_local()


def reset() -> None:
    """Forget the built objects (tests change the settings between runs)."""
    for cached in (get_storage, get_scanner, get_limits):
        cached.cache_clear()
