"""Gathering notifications into mails (run by the worker): one mail per person and ticket at a time.

The first notification of a quiet ticket goes out at once. What follows within
HELPDESK_NOTIFY_BATCH_SECONDS of that mail waits for the window to end and goes out as one mail
listing it all, never as a burst. A mail not yet tried takes what arrives while it waits.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, update
from sqlmodel import Session, select

from helpdesk_app.models import EmailState, Mail, MailKind, MailStatus, Notification, User
from helpdesk_app.services.common.unit_of_work import transaction
from helpdesk_app.services.mailing.queue import new_message_id

BATCH = 1000


def _open_mail(session: Session, user_id: int, ticket_id: int) -> Mail | None:
    """A mail to this person about this ticket that has not been tried yet: it can take more."""
    return session.exec(select(Mail).where(
        Mail.user_id == user_id, Mail.ticket_id == ticket_id, Mail.kind == MailKind.notification,
        Mail.status == MailStatus.pending, Mail.attempts == 0, Mail.leased_by.is_(None),
    ).order_by(Mail.id.desc()).limit(1)).first()


def _due(session: Session, user_id: int, ticket_id: int, now: datetime, window: timedelta) -> datetime:
    last = session.exec(select(func.max(Mail.created_at)).where(
        Mail.user_id == user_id, Mail.ticket_id == ticket_id, Mail.kind == MailKind.notification)).one()
    return now if last is None or last + window <= now else last + window


def gather(session: Session, *, now: datetime, window: timedelta) -> int:
    """Put pending notifications into mails; how many were placed."""
    with transaction(session):
        pending = session.exec(select(Notification.id, Notification.user_id, Notification.ticket_id)
                               .where(Notification.email_state == EmailState.pending)
                               .order_by(Notification.id).limit(BATCH).with_for_update(skip_locked=True)).all()
        groups: dict[tuple[int, int], list[int]] = defaultdict(list)
        for nid, user_id, ticket_id in pending:
            groups[(user_id, ticket_id)].append(nid)
        for (user_id, ticket_id), ids in groups.items():
            user = session.get(User, user_id)
            if user is None or not user.is_active:
                _place(session, ids, None, EmailState.none)
                continue
            mail = _open_mail(session, user_id, ticket_id)
            if mail is None:
                mail = Mail(kind=MailKind.notification, user_id=user_id, ticket_id=ticket_id, to_address=user.email,
                            message_id=new_message_id(), created_at=now,
                            available_at=_due(session, user_id, ticket_id, now, window))
                session.add(mail)
                session.flush()
            _place(session, ids, mail.id, EmailState.queued)
    return len(pending)


def _place(session: Session, ids: list[int], mail_id: int | None, state: EmailState) -> None:
    session.execute(update(Notification).where(Notification.id.in_(ids)).values(mail_id=mail_id, email_state=state)
                    .execution_options(synchronize_session=False))
