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

from helpdesk_app.models import Attachment, utcnow
from helpdesk_app.services.errors import InvalidInput
from helpdesk_app.services.thumbnails import THUMBNAIL_SUFFIX
from helpdesk_app.storage import BlobStorage, StorageError

# What the app stores (attachment_upload: ticket_prefix and staging; thumbnails.THUMBNAIL_SUFFIX).
# A bucket may hold more than our files: nothing else in it is ever touched.
_SWEPT_PREFIXES = ("tickets/", "incoming/")
_OURS = re.compile(r"(?:tickets/\d+|incoming/[0-9a-f]{32})/[0-9a-f]{32}(?:" + re.escape(THUMBNAIL_SUFFIX) + ")?")
# An upload's blob is written moments before its row is committed, and a save in progress
# touches its temp file with every chunk; an hour is far beyond both.
MIN_AGE = timedelta(hours=1)
_BATCH = 500  # keys looked up per query


@dataclass(frozen=True)
class SweepResult:
    orphans: int  # blobs removed: no attachment refers to them
    partial: int  # partial writes removed
    failed: int  # orphans that could not be removed (storage failed); the next run tries again


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
        if entry.modified < cutoff and _OURS.fullmatch(entry.key):
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
    MIN_AGE or more (InvalidInput otherwise). StorageError if storage cannot be listed."""
    if older_than < MIN_AGE:
        raise InvalidInput({"older_than": f"Use {_hours(MIN_AGE)} or more: an upload may still be at work on "
                                          "newer files."})
    cutoff = ((now or utcnow()) - older_than).timestamp()
    partial = sum(storage.remove_partial(prefix, modified_before=cutoff) for prefix in _SWEPT_PREFIXES)
    removed = failed = 0
    for key in list(_orphans(session, storage, cutoff)):  # listed first: no deletes under a running listing
        try:
            storage.delete(key)
        except StorageError:
            failed += 1
            continue
        removed += 1
        if key.startswith("incoming/"):  # the staging folder of one dead request
            storage.prune(key.rpartition("/")[0])
    return SweepResult(orphans=removed, partial=partial, failed=failed)
