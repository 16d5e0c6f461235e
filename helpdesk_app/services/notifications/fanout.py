"""The notifications of a use case, written in its transaction (unit_of_work.before_commit): if it
rolls back, nobody is told anything. One INSERT for all of them, however many watch the ticket."""

from collections import defaultdict

from sqlalchemy import insert
from sqlmodel import Session, select

from helpdesk_app.models import (
    EmailState, Notification, NotificationPreference, Role, Ticket, TicketWatcher, User, utcnow,
)
from helpdesk_app.models import NotificationKind as K
from helpdesk_app.services.common.events import DomainEvent, EventType
from helpdesk_app.services.notifications import preferences
from helpdesk_app.services.notifications.rules import Intent, Scene, intents
from helpdesk_app.services.watchers.watching import watch_by_taking_part

TOLD_OF = {EventType.ticket_created, EventType.reply_added, EventType.note_added, EventType.status_changed,
           EventType.assignee_changed, EventType.attachments_added}
STAFF = (Role.admin, Role.agent)


def write_notifications(session: Session, events: list[DomainEvent]) -> None:
    by_ticket: dict[int, list[DomainEvent]] = defaultdict(list)
    for e in events:
        if e.type in TOLD_OF and e.ticket_id is not None:
            by_ticket[e.ticket_id].append(e)
    if not by_ticket:
        return
    rows = _rows(session, by_ticket)
    if rows:
        # One executemany from a cached compiled statement (.values(rows) compiled a new one per reply: 17 ms
        # for 50 rows). No RETURNING: with it SQLAlchemy sends one long multi-row INSERT that psycopg must
        # parse afresh each time (4.5 ms for 51 rows); without, psycopg pipelines the rows in one round trip
        # and SQLite runs one prepared statement over them (docs/performance.md).
        table = Notification.__table__
        session.execute(insert(table), rows)


def _taking_part(events: list[DomainEvent], staff: set[int]) -> set[int]:
    """Agents who replied, noted or were just assigned: they watch from now on."""
    found = {e.actor_id for e in events if e.type in (EventType.reply_added, EventType.note_added)}
    found |= {e.payload.get("new") for e in events if e.type == EventType.assignee_changed}
    return {u for u in found if u in staff}


def _new_ticket_agents(session: Session) -> frozenset[int]:
    """Active agents who opted in to every new ticket (few rows: the preferences of staff who chose)."""
    rows = session.exec(select(NotificationPreference).join(User, User.id == NotificationPreference.user_id)
                        .where(User.role.in_(STAFF), User.is_active)).all()
    chosen = (preferences.resolve(Role.agent, r) for r in rows)
    return frozenset(r.user_id for r, p in zip(rows, chosen, strict=True)
                     if p.wants(K.new_ticket, "app") or p.wants(K.new_ticket, "email"))


def _rows(session: Session, by_ticket: dict[int, list[DomainEvent]]) -> list[dict]:
    """The rows for every ticket of the use case, looked up together: a bulk action on 10,000 tickets
    asks for the watchers, people, preferences and mutes of all of them in one query each."""
    ids = list(by_ticket)
    tickets = {t.id: t for t in session.exec(select(Ticket).where(Ticket.id.in_(ids))).all()}
    watching: dict[int, set[int]] = defaultdict(set)
    for ticket_id, user_id in session.exec(select(TicketWatcher.ticket_id, TicketWatcher.user_id)
                                           .where(TicketWatcher.ticket_id.in_(ids))).all():
        watching[ticket_id].add(user_id)
    created = any(e.type == EventType.ticket_created for told in by_ticket.values() for e in told)
    new_agents = _new_ticket_agents(session) if created else frozenset()
    named = set(new_agents)
    for ticket_id, told in by_ticket.items():
        if (ticket := tickets.get(ticket_id)) is not None:
            named |= watching[ticket_id] | {ticket.requester_id, ticket.assignee_id} | {e.actor_id for e in told}
            named |= {e.payload.get("new") for e in told if e.type == EventType.assignee_changed}
    # Everyone named, in one query: the rules need their roles, the rows their being active.
    people = {u.id: u for u in session.exec(select(User).where(User.id.in_([n for n in named if n]))).all()}
    staff = {u for u, user in people.items() if user.role in STAFF}
    told_by_ticket, joining = {}, {}
    for ticket_id, told in by_ticket.items():
        if (ticket := tickets.get(ticket_id)) is None:
            continue
        joining[ticket_id] = _taking_part(told, staff) - watching[ticket_id]
        ticket_new = new_agents if any(e.type == EventType.ticket_created for e in told) else frozenset()
        scene = Scene(ticket.requester_id, ticket.assignee_id, frozenset(watching[ticket_id] | joining[ticket_id]),
                      frozenset(staff), ticket_new)
        told_by_ticket[ticket_id] = [i for i in intents(told, scene)
                                     if people.get(i.user_id) is not None and people[i.user_id].is_active]
    watch_by_taking_part(session, joining)
    everyone = {i.user_id for told in told_by_ticket.values() for i in told}
    prefs = preferences.for_users(session, {u: people[u].role for u in everyone})
    muted = preferences.muted_pairs(session, list(told_by_ticket), everyone)
    now = utcnow()
    return [row for ticket_id, told in told_by_ticket.items() for i in told
            if (ticket_id, i.user_id) not in muted and (row := _row(i, prefs[i.user_id], ticket_id, now))]


def _row(intent: Intent, prefs: preferences.Preferences, ticket_id: int, now) -> dict | None:
    in_app = prefs.wants(intent.kind, "app") and not (intent.receipt and intent.actor_id == intent.user_id)
    email = intent.receipt or prefs.wants(intent.kind, "email")
    if not (in_app or email):
        return None
    return {"user_id": intent.user_id, "ticket_id": ticket_id, "kind": intent.kind, "actor_id": intent.actor_id,
            "reply_id": intent.reply_id, "detail": intent.detail, "created_at": now, "in_app": in_app,
            "read_at": None, "email_state": EmailState.pending if email else EmailState.none, "mail_id": None}
