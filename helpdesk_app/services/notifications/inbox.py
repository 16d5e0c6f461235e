"""The bell: a person's notifications in the app, their unread count, marking them read."""

from sqlalchemy import func, update
from sqlmodel import Session, select

from helpdesk_app.models import Notification, NotificationPublic, Ticket, User, utcnow
from helpdesk_app.models import NotificationKind as K
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.services.common.validation import paging_error, valid_id

# The bell shows "99+" past this: counting stops there, so the count costs the same at 100,000 unread.
COUNT_CAP = 100


def _mine(actor: Actor, *, unread: bool = False) -> list:
    where = [Notification.user_id == actor.id, Notification.in_app.is_(True)]
    return where + [Notification.read_at.is_(None)] if unread else where


def unread_count(session: Session, *, actor: Actor) -> int:
    """How many are unread, up to COUNT_CAP."""
    require(actor, Action.view_ticket)
    capped = select(Notification.id).where(*_mine(actor, unread=True)).limit(COUNT_CAP).subquery()
    return session.exec(select(func.count()).select_from(capped)).one()


def summary(kind: K, detail: dict, actor_name: str | None, *, for_requester: bool = False) -> str:
    """What happened, in a line (the bell's list and the mail's)."""
    who = actor_name or "Someone"
    if kind == K.new_ticket:
        return "Your request was received" if for_requester else f"{who} opened a new ticket"
    if kind == K.reply:
        return f"{who} replied"
    if kind == K.note:
        return f"{who} added an internal note"
    if kind == K.status:
        return f"{who} changed the status from {detail.get('old') or '?'} to {detail.get('new') or '?'}"
    if kind == K.assigned:
        return f"{who} assigned the ticket to you"
    files = detail.get("files") or 0
    return f"{who} added {files} file{'s' if files != 1 else ''}"


def list_notifications(session: Session, *, actor: Actor, unread: bool = False, page: int = 1,
                       per_page: int = 20) -> tuple[list[NotificationPublic], int]:
    """Newest first; the total is exact (the list's pager), unlike the bell's capped count."""
    require(actor, Action.view_ticket)
    error = paging_error(page, per_page)
    if error:
        raise InvalidInput({"page": error}, location="query")
    where = _mine(actor, unread=unread)
    total = session.exec(select(func.count()).select_from(Notification).where(*where)).one()
    rows = session.exec(
        select(Notification, Ticket.number, Ticket.subject, Ticket.requester_id, User.name)
        .join(Ticket, Ticket.id == Notification.ticket_id).outerjoin(User, User.id == Notification.actor_id)
        .where(*where).order_by(Notification.id.desc()).offset((page - 1) * per_page).limit(per_page)).all()
    return [NotificationPublic(
        id=n.id, kind=n.kind, ticket_id=n.ticket_id, ticket_number=number, ticket_subject=subject,
        actor_name=name, summary=summary(n.kind, n.detail, name, for_requester=requester == actor.id),
        created_at=n.created_at, read=n.read_at is not None,
    ) for n, number, subject, requester, name in rows], total


@use_case
def mark_read(session: Session, *, actor: Actor, notification_id: int) -> None:
    require(actor, Action.view_ticket)
    found = session.get(Notification, notification_id) if valid_id(notification_id) else None
    if found is None or found.user_id != actor.id or not found.in_app:
        raise NotFound("Notification not found.")
    if found.read_at is None:
        found.read_at = utcnow()
        session.add(found)


@use_case
def mark_all_read(session: Session, *, actor: Actor) -> int:
    require(actor, Action.view_ticket)
    result = session.execute(update(Notification).where(*_mine(actor, unread=True)).values(read_at=utcnow())
                             .execution_options(synchronize_session=False))
    return result.rowcount


@use_case
def mark_ticket_read(session: Session, *, actor: Actor, ticket_id: int) -> int:
    """Opening a ticket reads what the bell said of it."""
    require(actor, Action.view_ticket)
    result = session.execute(update(Notification).where(*_mine(actor, unread=True), Notification.ticket_id == ticket_id)
                             .values(read_at=utcnow()).execution_options(synchronize_session=False))
    return result.rowcount
