"""What admins see of the outgoing mail and what they can do: counts, the latest, retrying failed ones."""

from sqlalchemy import func, update
from sqlmodel import Session, select

from helpdesk_app.models import Mail, MailStatus, utcnow
from helpdesk_app.services.common.unit_of_work import transaction


def mail_counts(session: Session) -> dict[str, int]:
    rows = session.execute(select(Mail.status, func.count()).group_by(Mail.status)).all()
    return {status.value: 0 for status in MailStatus} | {status.value: count for status, count in rows}


def mails(session: Session, *, status: MailStatus | None = None, limit: int = 50) -> list[Mail]:
    query = select(Mail).order_by(Mail.id.desc()).limit(limit)
    if status is not None:
        query = query.where(Mail.status == status)
    return list(session.exec(query).all())


def retry_mails(session: Session, *, ids: list[int] | None = None) -> int:
    """Failed mails (those of `ids`, or all) due again with a fresh count of attempts (same Message-ID)."""
    where = [Mail.status == MailStatus.failed]
    if ids is not None:
        where.append(Mail.id.in_(ids))
    with transaction(session):
        result = session.execute(update(Mail).where(*where).values(
            status=MailStatus.pending, attempts=0, available_at=utcnow(), leased_until=None, leased_by=None,
        ).execution_options(synchronize_session=False))
    return result.rowcount

