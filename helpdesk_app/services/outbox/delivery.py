"""Delivering outbox entries: at least once, claimed with a lease, retried with backoff, then failed.

A worker claims a batch of due entries in one statement: on PostgreSQL `FOR UPDATE SKIP LOCKED`,
so several workers never take the same entry at once; SQLite serialises writers and runs one
worker. The claim is a lease: an entry whose worker crashed is taken again once it runs out.
Each entry goes to every consumer of its event; if one raises, the entry is tried again later
(so consumers see an event at least once, and must not mind seeing it twice).
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_, select, update
from sqlmodel import Session

from helpdesk_app.models import OutboxEntry, OutboxStatus, utcnow
from helpdesk_app.services.common.unit_of_work import transaction

BACKOFF_SECONDS, BACKOFF_MAX_SECONDS = 5, 3600  # 5 s, 10 s, 20 s, ... at most an hour between attempts
ERROR_CHARS = 2000  # of the last error kept for the admin's listing


@dataclass(frozen=True)
class Consumer:
    name: str
    handle: Callable[[Session, OutboxEntry], object]  # its own transaction(s); raises to be retried


@dataclass(frozen=True)
class Settings:
    worker: str  # who claims: host, process and a random part
    batch: int = 20
    lease: timedelta = timedelta(minutes=5)
    max_attempts: int = 8


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=min(BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX_SECONDS))


def claim(session: Session, settings: Settings, now: datetime | None = None) -> list[OutboxEntry]:
    """Lease the oldest due entries to this worker (counting the attempt) and return them."""
    now = now or utcnow()
    due = (select(OutboxEntry.id)
           .where(OutboxEntry.status == OutboxStatus.pending, OutboxEntry.available_at <= now,
                  or_(OutboxEntry.leased_until.is_(None), OutboxEntry.leased_until < now))
           .order_by(OutboxEntry.id).limit(settings.batch).with_for_update(skip_locked=True))
    with transaction(session):
        claimed = session.scalars(
            update(OutboxEntry).where(OutboxEntry.id.in_(due.scalar_subquery()))
            .values(leased_until=now + settings.lease, leased_by=settings.worker, attempts=OutboxEntry.attempts + 1)
            .returning(OutboxEntry).execution_options(synchronize_session=False)).all()
    return sorted(claimed, key=lambda entry: entry.id)


def _settle(session: Session, entry: OutboxEntry, settings: Settings, **values) -> bool:
    """Record how the delivery went, if this worker still holds the lease (else another took it over)."""
    with transaction(session):
        result = session.execute(update(OutboxEntry).where(
            OutboxEntry.id == entry.id, OutboxEntry.leased_by == settings.worker,
            OutboxEntry.status == OutboxStatus.pending,
        ).values(leased_until=None, leased_by=None, **values).execution_options(synchronize_session=False))
    return result.rowcount == 1


def deliver(session_factory: Callable[[], Session], consumers: Mapping[str, Sequence[Consumer]],
            settings: Settings) -> int:
    """Claim a batch and hand each entry to its event's consumers. Returns how many were claimed."""
    with session_factory() as session:
        entries = claim(session, settings)
    for entry in entries:
        failure = None
        for consumer in consumers.get(entry.event, ()):
            try:
                with session_factory() as session:
                    consumer.handle(session, entry)
            except Exception as e:  # any failure of a consumer is retried, and shown to admins
                failure = f"{consumer.name}: {type(e).__name__}: {e}"[:ERROR_CHARS]
                break
        now = utcnow()
        with session_factory() as session:
            if failure is None:
                _settle(session, entry, settings, status=OutboxStatus.done, done_at=now, last_error=None)
            elif entry.attempts >= settings.max_attempts:
                _settle(session, entry, settings, status=OutboxStatus.failed, last_error=failure)
            else:
                _settle(session, entry, settings, available_at=now + backoff(entry.attempts), last_error=failure)
    return len(entries)
