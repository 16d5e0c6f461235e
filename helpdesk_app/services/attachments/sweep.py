"""Sweeping storage for bytes no attachment refers to.

An upload cleans up after every failure it sees; a crash (the process killed, the machine
losing power) between writing a file and committing its row is the one it cannot see. What
that leaves, and what this removes once it is old enough that no upload can still be at work
on it:
- blobs with no attachment row (a crash after the write), staged files of new tickets
  (`incoming/...`) never moved, and thumbnails of files that are gone or purged (one made
  while its file was being purged);
- partial writes: temp files on disk, unfinished multipart uploads on S3.
"""

import re
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, select

from helpdesk_app.config import get_settings
from helpdesk_app.models import Attachment, utcnow
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.attachments.names import THUMBNAIL_SUFFIX
from helpdesk_app.storage import BlobStorage, StorageError

# What the app stores (names.ticket_prefix, the upload's staging, names.thumbnail_key).
# A bucket may hold more than our files: nothing else in it is ever touched.
_SWEPT_PREFIXES = ("tickets/", "incoming/")
_OURS = re.compile(r"(?:tickets/\d+|incoming/[0-9a-f]{32})/[0-9a-f]{32}(?:" + re.escape(THUMBNAIL_SUFFIX) + ")?")
# Every blob and partial write of an upload is younger than the upload, which ends within
# HELPDESK_UPLOAD_MAX_SECONDS (its rows committed moments later); an hour more is far beyond that.
MARGIN = timedelta(hours=1)
_BATCH = 500  # keys looked up per query


@dataclass(frozen=True)
class SweepResult:
    orphans: int  # blobs removed: no attachment refers to them
    partial: int  # partial writes removed
    failed: int  # what could not be removed (storage failed); the next run tries again


def min_age() -> timedelta:
    """The youngest the sweep looks at: older than any upload can still be at work."""
    return timedelta(seconds=get_settings().upload_max_seconds) + MARGIN


def _ours(key: str) -> bool:
    return _OURS.fullmatch(key) is not None


def _hours(age: timedelta) -> str:
    hours = age / timedelta(hours=1)
    return "1 hour" if hours == 1 else f"{hours:g} hours"


def _owner(key: str) -> str:
    """The attachment key a blob belongs to: itself, or the file a thumbnail was made of."""
    return key.removesuffix(THUMBNAIL_SUFFIX)


def _kept(session: Session, owners: set[str]) -> set[str]:
    """Those of the keys that an attachment with stored bytes refers to (soft-deleted ones
    included: their bytes stay until the purge)."""
    found = session.exec(select(Attachment.storage_key).where(
        Attachment.storage_key.in_(owners), Attachment.purged_at.is_(None)))
    return set(found)


def _orphans(session: Session, storage: BlobStorage, cutoff: float):
    batch: list[str] = []
    entries = (entry for prefix in _SWEPT_PREFIXES for entry in storage.blobs(prefix))
    for entry in entries:
        if entry.modified < cutoff and _ours(entry.key):
            batch.append(entry.key)
        if len(batch) >= _BATCH:
            yield from _unclaimed(session, batch)
            batch = []
    yield from _unclaimed(session, batch)


def _unclaimed(session: Session, keys: list[str]) -> list[str]:
    kept = _kept(session, {_owner(k) for k in keys}) if keys else set()
    return [k for k in keys if _owner(k) not in kept]


def sweep_orphans(session: Session, storage: BlobStorage, *, older_than: timedelta,
                  now: datetime | None = None) -> SweepResult:
    """Remove what no attachment refers to and nothing has written for `older_than`, which must be
    min_age() or more (InvalidInput otherwise). StorageError if storage cannot be listed."""
    if older_than < min_age():
        raise InvalidInput({"older_than": f"Use {_hours(min_age())} or more: an upload may still be at work on "
                                          "newer files (HELPDESK_UPLOAD_MAX_SECONDS, plus an hour)."})
    cutoff = ((now or utcnow()) - older_than).timestamp()
    partial, failed = [], 0
    for prefix in _SWEPT_PREFIXES:
        try:
            partial += storage.remove_partial(prefix, modified_before=cutoff, of_keys=_ours)
        except StorageError:
            failed += 1  # the orphans are still looked at; a storage that is down fails the listing
    removed = []
    for key in list(_orphans(session, storage, cutoff)):  # listed first: no deletes under a running listing
        try:
            storage.delete(key)
        except StorageError:
            failed += 1
            continue
        removed.append(key)
    for folder in {key.rpartition("/")[0] for key in removed + partial if key.startswith("incoming/")}:
        storage.prune(folder)  # the staging folder of a request long dead
    return SweepResult(orphans=len(removed), partial=len(partial), failed=failed)
