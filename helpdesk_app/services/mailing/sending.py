"""Sending due mails (the worker): claimed with a lease, rendered, handed to the transport on one
connection, then marked sent, retried later with backoff, or failed.

Per person and ticket, mails go out in order: one waits while an older one is still to be sent
(SMTP down for an hour: all of them go when it is back, oldest first). On PostgreSQL several
workers claim with SKIP LOCKED and never take the same mail. A worker killed after the server
accepted a mail and before it was marked sent sends it again when the lease runs out: the only
duplicate there can be, with the same Message-ID.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from helpdesk_app.mailer.message import BadAddress, build
from helpdesk_app.mailer.transport import Transport
from helpdesk_app.models import Mail, MailStatus, utcnow
from helpdesk_app.services.common.unit_of_work import transaction
from helpdesk_app.services.mailing.render import TemplateProblem, prefetch, render
from helpdesk_app.services.outbox.delivery import ERROR_CHARS, backoff


@dataclass(frozen=True)
class Settings:
    worker: str
    batch: int = 100
    lease: timedelta = timedelta(minutes=5)
    max_attempts: int = 10


def claim(session: Session, settings: Settings) -> list[int]:
    now = utcnow()
    # Per person and ticket only the oldest pending mail may go. One pass over the pending mails, not a
    # NOT EXISTS per candidate: PostgreSQL planned that as a nested loop over every pending mail when its
    # statistics lagged behind a burst (1.2 s a claim with 2,000 queued; docs/performance.md).
    firsts = (select(func.min(Mail.id)).where(Mail.status == MailStatus.pending, Mail.ticket_id.is_not(None))
              .group_by(Mail.user_id, Mail.ticket_id))
    due = (select(Mail.id).where(Mail.status == MailStatus.pending, Mail.available_at <= now,
                                 or_(Mail.leased_until.is_(None), Mail.leased_until < now),
                                 or_(Mail.ticket_id.is_(None), Mail.id.in_(firsts)))
           .order_by(Mail.id).limit(settings.batch).with_for_update(skip_locked=True))
    with transaction(session):
        ids = session.exec(
            update(Mail).where(Mail.id.in_(due.scalar_subquery()))
            .values(leased_until=now + settings.lease, leased_by=settings.worker, attempts=Mail.attempts + 1)
            .returning(Mail.id).execution_options(synchronize_session=False)).scalars().all()
    return sorted(ids)


def _settle(session: Session, settings: Settings, ids: list[int], **values) -> None:
    if ids:
        mine = update(Mail).where(Mail.id.in_(ids), Mail.leased_by == settings.worker,
                                  Mail.status == MailStatus.pending)
        session.execute(mine.values(leased_until=None, leased_by=None, **values)
                        .execution_options(synchronize_session=False))


def deliver_mail(session_factory: Callable[[], Session], transport: Transport, settings: Settings) -> int:
    """Send one batch of due mails; how many were claimed."""
    with session_factory() as session:
        ids = claim(session, settings)
    if not ids:
        return 0
    messages, failed = [], {}
    with session_factory() as session, transaction(session):
        mails = session.exec(select(Mail).where(Mail.id.in_(ids)).order_by(Mail.id)).all()
        batch = prefetch(session, mails)
        for mail in mails:
            try:
                with session.no_autoflush:  # the subjects are written at the commit, in one go
                    out = render(session, mail, batch.told[mail.id])
                messages.append((mail.id, mail.attempts, build(out)))
                mail.subject = out.subject[:300]
                session.add(mail)
            except (TemplateProblem, BadAddress) as e:
                failed[mail.id] = f"{type(e).__name__}: {e}"[:ERROR_CHARS]
    outcomes = transport.send([m for _, _, m in messages]) if messages else []
    now = utcnow()
    with session_factory() as session, transaction(session):
        for mail_id, reason in failed.items():
            _settle(session, settings, [mail_id], status=MailStatus.failed, last_error=reason)
        _settle(session, settings, [mid for (mid, _, _), o in zip(messages, outcomes, strict=True)
                                    if o.status == "sent"], status=MailStatus.sent, sent_at=now, last_error=None)
        for (mail_id, attempts, _), outcome in zip(messages, outcomes, strict=True):
            reason = f"{outcome.status}: {outcome.detail}"[:ERROR_CHARS]
            if outcome.status == "permanent" or (outcome.status == "temporary" and attempts >= settings.max_attempts):
                _settle(session, settings, [mail_id], status=MailStatus.failed, last_error=reason)
            elif outcome.status == "temporary":
                _settle(session, settings, [mail_id], available_at=now + backoff(attempts), last_error=reason)
    return len(ids)
