"""Who watches a ticket: listing, adding and removing watchers, and watching by taking part.

Watchers are agents (and admins). A customer is never a watcher: the requester is told what concerns
them by the notification rules, and customers are told watchers do not exist (NotFound).
"""

from collections.abc import Iterable

from sqlalchemy import delete
from sqlmodel import Session, select

from helpdesk_app.models import NotificationPreference, Role, Ticket, TicketWatcher, User, WatcherPublic, utcnow
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.upsert import insert_missing
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.tickets import get_visible

STAFF = (Role.admin, Role.agent)


def _watched(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id)
    require(actor, Action.watch_ticket, ticket)
    return ticket


def list_watchers(session: Session, *, actor: Actor, ticket_id: int) -> list[WatcherPublic]:
    ticket = _watched(session, actor, ticket_id)
    rows = session.exec(select(User.id, User.name, User.email, TicketWatcher.created_at)
                        .join(TicketWatcher, TicketWatcher.user_id == User.id)
                        .where(TicketWatcher.ticket_id == ticket.id).order_by(User.name, User.id)).all()
    return [WatcherPublic(id=i, name=n, email=e, since=at) for i, n, e, at in rows]


def _agent(session: Session, user_id: int) -> User:
    user = session.get(User, user_id) if valid_id(user_id) else None
    if user is None:
        raise NotFound("User not found.")
    if user.role not in STAFF or not user.is_active:
        raise InvalidInput({"user_id": "Only active agents and admins can watch a ticket."}, location="path")
    return user


@use_case
def add_watcher(session: Session, *, actor: Actor, ticket_id: int, user_id: int) -> bool:
    """Make the agent a watcher (a no-op if they are one); whether they were not one before."""
    ticket = _watched(session, actor, ticket_id)
    user = _agent(session, user_id)
    added = insert_missing(session, TicketWatcher, [
        {"ticket_id": ticket.id, "user_id": user.id, "added_by_id": actor.id, "created_at": utcnow()}],
        ["ticket_id", "user_id"]) == 1
    if added:
        record(session, EventType.watchers_changed, ticket_id=ticket.id, actor_id=actor.id, added=[user.id])
    return added


@use_case
def remove_watcher(session: Session, *, actor: Actor, ticket_id: int, user_id: int) -> None:
    ticket = _watched(session, actor, ticket_id)
    gone = session.execute(delete(TicketWatcher).where(TicketWatcher.ticket_id == ticket.id,
                                                       TicketWatcher.user_id == user_id)) if valid_id(user_id) else None
    if gone is None or gone.rowcount == 0:
        raise NotFound("That user is not watching this ticket.")
    record(session, EventType.watchers_changed, ticket_id=ticket.id, actor_id=actor.id, removed=[user_id])


def watcher_ids(session: Session, ticket_id: int) -> set[int]:
    return set(session.exec(select(TicketWatcher.user_id).where(TicketWatcher.ticket_id == ticket_id)).all())


def watch_by_taking_part(session: Session, joining: dict[int, Iterable[int]]) -> None:
    """Agents who replied, noted or were assigned watch those tickets from now on, unless they turned
    that off (in the use case that made them take part; `joining` maps a ticket to such staff)."""
    wanted = {u for users in joining.values() for u in users}
    if not wanted:
        return
    off = set(session.exec(select(NotificationPreference.user_id).where(
        NotificationPreference.user_id.in_(wanted), NotificationPreference.auto_watch.is_(False))).all())
    now = utcnow()
    rows = [{"ticket_id": ticket_id, "user_id": u, "added_by_id": None, "created_at": now}
            for ticket_id, users in sorted(joining.items()) for u in sorted(set(users) - off)]
    for start in range(0, len(rows), 1000):  # a statement's parameters stay well under SQLite's limit
        insert_missing(session, TicketWatcher, rows[start:start + 1000], ["ticket_id", "user_id"])


def watched_by(user_id: int):
    """The list's "watched by me" as a WHERE clause."""
    return Ticket.id.in_(select(TicketWatcher.ticket_id).where(TicketWatcher.user_id == user_id))
