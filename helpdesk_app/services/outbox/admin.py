"""What admins see of the outbox and what they can do: list entries, retry failed ones, drop old done ones."""

from datetime import datetime

from sqlalchemy import delete, func, select, update
from sqlmodel import Session

from helpdesk_app.models import OutboxEntry, OutboxStatus, utcnow
from helpdesk_app.services.common.unit_of_work import transaction


def counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(OutboxEntry.status, func.count()).group_by(OutboxEntry.status)).all()
    return {status.value: 0 for status in OutboxStatus} | {status.value: count for status, count in rows}


def entries(session: Session, *, status: OutboxStatus | None = None, limit: int = 50) -> list[OutboxEntry]:
    """The newest entries first (of one status, if given)."""
    query = select(OutboxEntry).order_by(OutboxEntry.id.desc()).limit(limit)
    if status is not None:
        query = query.where(OutboxEntry.status == status)
    return list(session.scalars(query).all())


def retry(session: Session, *, ids: list[int] | None = None) -> int:
    """Make failed entries (those of `ids`, or all) due again, with a fresh count of attempts."""
    where = [OutboxEntry.status == OutboxStatus.failed]
    if ids is not None:
        where.append(OutboxEntry.id.in_(ids))
    with transaction(session):
        result = session.execute(update(OutboxEntry).where(*where).values(
            status=OutboxStatus.pending, attempts=0, available_at=utcnow(), leased_until=None, leased_by=None,
        ).execution_options(synchronize_session=False))
    return result.rowcount


def purge_done(session: Session, *, done_before: datetime) -> int:
    """Drop entries delivered before `done_before` (the worker keeps them a while for looking into)."""
    with transaction(session):
        result = session.execute(delete(OutboxEntry).where(
            OutboxEntry.status == OutboxStatus.done, OutboxEntry.done_at < done_before,
        ).execution_options(synchronize_session=False))
    return result.rowcount
