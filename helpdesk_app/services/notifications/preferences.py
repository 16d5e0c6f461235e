"""What each person wants to hear of, in the app and by mail; and the tickets they muted.

No row means the defaults: agents hear of everything on the tickets they watch or are assigned,
but not of every new ticket (that is opt-in); customers hear of what concerns them. A customer can
stop the mail about their tickets, but not the receipt of a new one (it carries the ticket's number).
"""

from dataclasses import dataclass

from sqlalchemy import delete
from sqlmodel import Session, select

from helpdesk_app.models import NotificationKind, NotificationPreference, Role, TicketMute, utcnow
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.services.common.upsert import insert_missing
from helpdesk_app.services.tickets import get_visible

K = NotificationKind
CHANNELS = ("app", "email")
# What each role can choose among (customers are never told of notes or assignments).
KINDS = {
    "staff": (K.new_ticket, K.reply, K.note, K.status, K.assigned, K.attachment),
    "customer": (K.new_ticket, K.reply, K.status),
}
_OFF_BY_DEFAULT = {("staff", K.new_ticket)}


def audience(role: Role) -> str:
    return "customer" if role == Role.customer else "staff"


@dataclass(frozen=True)
class Preferences:
    channels: dict[str, dict[str, bool]]  # kind -> {"app": bool, "email": bool}
    auto_watch: bool

    def wants(self, kind: NotificationKind, channel: str) -> bool:
        return self.channels.get(kind.value, {}).get(channel, False)


def resolve(role: Role, row: NotificationPreference | None) -> Preferences:
    """The defaults for the role, overridden by what the person chose."""
    group = audience(role)
    chosen = row.channels if row else {}
    channels = {}
    for kind in KINDS[group]:
        default = (group, kind) not in _OFF_BY_DEFAULT
        picked = chosen.get(kind.value, {}) if isinstance(chosen.get(kind.value), dict) else {}
        channels[kind.value] = {c: bool(picked.get(c, default)) for c in CHANNELS}
    if group == "customer":
        channels[K.new_ticket.value]["email"] = True  # the receipt
    return Preferences(channels, row.auto_watch if row else True)


def get_preferences(session: Session, *, actor: Actor) -> Preferences:
    require(actor, Action.view_ticket)  # anyone signed in
    return resolve(actor.role, session.get(NotificationPreference, actor.id))


@use_case
def update_preferences(session: Session, *, actor: Actor, channels: dict | None = None,
                       auto_watch: bool | None = None) -> Preferences:
    """Change some choices; `channels` maps a kind to {"app": bool, "email": bool} (either or both)."""
    require(actor, Action.view_ticket)
    allowed = {k.value for k in KINDS[audience(actor.role)]}
    errors = {}
    for kind, picked in (channels or {}).items():
        if kind not in allowed:
            errors[f"channels.{kind}"] = f"Use one of: {', '.join(sorted(allowed))}."
        elif not isinstance(picked, dict) or not set(picked) <= set(CHANNELS) or not all(
                isinstance(v, bool) for v in picked.values()):
            errors[f"channels.{kind}"] = 'Give {"app": true|false, "email": true|false}.'
    if auto_watch is not None and actor.role == Role.customer:
        errors["auto_watch"] = "Watching is for agents."
    if errors:
        raise InvalidInput(errors)
    row = session.get(NotificationPreference, actor.id) or NotificationPreference(user_id=actor.id, channels={})
    merged = {k: dict(v) for k, v in row.channels.items()}
    for kind, picked in (channels or {}).items():
        merged.setdefault(kind, {}).update(picked)
    row.channels, row.updated_at = merged, utcnow()
    if auto_watch is not None:
        row.auto_watch = auto_watch
    session.add(row)
    session.flush()
    return resolve(actor.role, row)


def is_muted(session: Session, *, actor: Actor, ticket_id: int) -> bool:
    return session.get(TicketMute, (actor.id, ticket_id)) is not None


@use_case
def set_muted(session: Session, *, actor: Actor, ticket_id: int, muted: bool) -> None:
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=Action.mute_ticket)
    if muted:
        insert_missing(session, TicketMute, [{"user_id": actor.id, "ticket_id": ticket.id, "created_at": utcnow()}],
                       ["user_id", "ticket_id"])
    else:
        session.execute(delete(TicketMute).where(TicketMute.user_id == actor.id, TicketMute.ticket_id == ticket.id))


def for_users(session: Session, users: dict[int, Role]) -> dict[int, Preferences]:
    """Everyone's resolved preferences in one query."""
    rows = {r.user_id: r for r in session.exec(select(NotificationPreference).where(
        NotificationPreference.user_id.in_(list(users)))).all()} if users else {}
    return {u: resolve(role, rows.get(u)) for u, role in users.items()}


def muted_pairs(session: Session, ticket_ids: list[int], user_ids: set[int]) -> set[tuple[int, int]]:
    """(ticket_id, user_id) of those of the users who muted those of the tickets."""
    if not ticket_ids or not user_ids:
        return set()
    return {(t, u) for t, u in session.exec(select(TicketMute.ticket_id, TicketMute.user_id).where(
        TicketMute.ticket_id.in_(ticket_ids), TicketMute.user_id.in_(list(user_ids)))).all()}
