"""Gathering notifications into mails (run by the worker): one mail per person and ticket at a time.

The first notification of a quiet ticket goes out at once. What follows within
HELPDESK_NOTIFY_BATCH_SECONDS of that mail waits for the window to end and goes out as one mail
listing it all, never as a burst. A mail not yet tried takes what arrives while it waits.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, tuple_, update
from sqlmodel import Session, select

from helpdesk_app.models import EmailState, Mail, MailKind, MailStatus, Notification, User
from helpdesk_app.services.common.unit_of_work import transaction
from helpdesk_app.services.mailing.queue import new_message_id

BATCH = 1000


def _open_mails(session: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], Mail]:
    """Per (person, ticket), the newest mail about it not tried yet: it can take more."""
    rows = session.exec(select(Mail).where(
        tuple_(Mail.user_id, Mail.ticket_id).in_(list(pairs)), Mail.kind == MailKind.notification,
        Mail.status == MailStatus.pending, Mail.attempts == 0, Mail.leased_by.is_(None),
    ).order_by(Mail.id)).all()
    return {(m.user_id, m.ticket_id): m for m in rows}  # the newest wins


def _last_mailed(session: Session, pairs: set[tuple[int, int]]) -> dict[tuple[int, int], datetime]:
    rows = session.exec(select(Mail.user_id, Mail.ticket_id, func.max(Mail.created_at)).where(
        tuple_(Mail.user_id, Mail.ticket_id).in_(list(pairs)), Mail.kind == MailKind.notification,
    ).group_by(Mail.user_id, Mail.ticket_id)).all()
    return {(user_id, ticket_id): last for user_id, ticket_id, last in rows}


def _due(last: datetime | None, now: datetime, window: timedelta) -> datetime:
    return now if last is None or last + window <= now else last + window


def gather(session: Session, *, now: datetime, window: timedelta) -> int:
    """Put pending notifications into mails; how many were placed. A few queries per batch, whatever
    its size: the worker's mail step runs this before every send (docs/performance.md)."""
    with transaction(session):
        pending = session.exec(select(Notification.id, Notification.user_id, Notification.ticket_id)
                               .where(Notification.email_state == EmailState.pending)
                               .order_by(Notification.id).limit(BATCH).with_for_update(skip_locked=True)).all()
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for nid, user_id, ticket_id in pending:
            groups[(user_id, ticket_id)].append(nid)
        if not groups:
            return 0
        users = {u.id: u for u in session.exec(select(User).where(User.id.in_(list({u for u, _ in groups})))).all()}
        told, gone = {}, []
        for pair, ids in groups.items():
            if (user := users.get(pair[0])) is not None and user.is_active:
                told[pair] = ids
            else:
                gone += ids
        _place(session, gone, None, EmailState.none)
        mails = _open_mails(session, set(told)) if told else {}
        new = set(told) - set(mails)
        last = _last_mailed(session, new) if new else {}
        for user_id, ticket_id in new:
            mails[(user_id, ticket_id)] = mail = Mail(
                kind=MailKind.notification, user_id=user_id, ticket_id=ticket_id, to_address=users[user_id].email,
                message_id=new_message_id(), created_at=now,
                available_at=_due(last.get((user_id, ticket_id)), now, window))
            session.add(mail)
        session.flush()
        # One executemany by primary key (pipelined on PostgreSQL), not an UPDATE per person and ticket.
        placed = [{"id": nid, "mail_id": mails[pair].id, "email_state": EmailState.queued}
                  for pair, ids in told.items() for nid in ids]
        if placed:
            session.execute(update(Notification), placed)
    return len(pending)


def _place(session: Session, ids: list[int], mail_id: int | None, state: EmailState) -> None:
    if ids:
        session.execute(update(Notification).where(Notification.id.in_(ids)).values(mail_id=mail_id, email_state=state)
                        .execution_options(synchronize_session=False))
