"""An upload's checks before its body is read, in one statement.

Every upload first asks who is signing in, which ticket the files go to and how much that ticket
already holds; as three ORM queries that took 1.3 ms of a 1 MiB upload. Here the session, its
user, the ticket and its usage come back as one Core row, and the usual rules are applied to them
(sessions.is_live, then tickets.check_visible for add_attachment).
"""

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, func, select
from sqlmodel import Session

from helpdesk_app.models import Attachment, AuthSession, Ticket, User
from helpdesk_app.services.identity import sessions
from helpdesk_app.services.attachments.upload import COUNTED_ON_TICKET, UploadTarget
from helpdesk_app.services.common.policy import Action
from helpdesk_app.services.tickets import check_visible
from helpdesk_app.services.common.validation import valid_id

_sessions, _users, _tickets, _attachments = (AuthSession.__table__, User.__table__, Ticket.__table__,
                                             Attachment.__table__)
# Not read: nothing an upload needs, and the description can be 50,000 characters.
_LEFT_OUT = {_users.c.password_hash, _tickets.c.description}
_USER_COLUMNS = [c for c in _users.c if c not in _LEFT_OUT]
_TICKET_COLUMNS = [c for c in _tickets.c if c not in _LEFT_OUT]
# Core columns, not ORM entities (loading three of those cost more than the statement itself);
# each table's columns are labelled with its name, as the models are rebuilt from them.
_LOOKUP = (
    select(_sessions.c.expires_at, _sessions.c.csrf_token, *[c.label(f"user_{c.name}") for c in _USER_COLUMNS],
           *[c.label(f"ticket_{c.name}") for c in _TICKET_COLUMNS],
           select(func.count()).where(*COUNTED_ON_TICKET).scalar_subquery().label("usage_count"),
           select(func.coalesce(func.sum(_attachments.c.size), 0)).where(*COUNTED_ON_TICKET).scalar_subquery()
           .label("usage_bytes"))
    .select_from(_sessions)
    .join(_users, _users.c.id == _sessions.c.user_id)
    .outerjoin(_tickets, _tickets.c.id == bindparam("ticket_id"))  # an unknown ticket: still the caller's row
    .where(_sessions.c.token_hash == bindparam("token_hash"))
)


def _model(model, columns, row, prefix: str):
    """The model of one table's labelled columns (only those); not attached to any session."""
    return model.model_construct(**{c.name: row[f"{prefix}{c.name}"] for c in columns})


@dataclass
class SignedInUpload:
    user: User  # without its password hash
    csrf_token: str  # the session's, for the route's CSRF check
    ticket: Ticket | None  # without its description; None: no such ticket (not: one the user may see)
    usage: tuple[int, int]  # the ticket's files and bytes (soft-deleted ones no longer count)


def lookup(conn: Connection | Session, token: str | None, ticket_id: int) -> SignedInUpload | None:
    """The live session behind `token` with the ticket `ticket_id`, or None when the token signs
    nobody in (unknown, expired, or its user deactivated), exactly as sessions.resolve decides."""
    if not token:
        return None
    row = conn.execute(_LOOKUP, {"token_hash": sessions.hash_token(token),
                                 "ticket_id": ticket_id if valid_id(ticket_id) else None}).mappings().first()
    if row is None or not sessions.is_live(row["expires_at"], row["user_is_active"]):
        return None
    ticket = _model(Ticket, _TICKET_COLUMNS, row, "ticket_") if row["ticket_id"] is not None else None
    return SignedInUpload(_model(User, _USER_COLUMNS, row, "user_"), row["csrf_token"], ticket,
                          (int(row["usage_count"]), int(row["usage_bytes"])))


def ticket_target(found: SignedInUpload) -> UploadTarget:
    """Where the files go, as resolve_target decides: NotFound for a ticket the user may not see,
    Forbidden if they may see it but not attach to it."""
    return UploadTarget(check_visible(found.user, found.ticket, Action.add_attachment), None)
