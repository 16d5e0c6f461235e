"""The download's lookup: the caller's session and the attachment, in one statement.

Downloads are the hottest read there is (a ticket page fetches each image it previews), and
against a bare file response the ORM's per-entity work and a second query were most of our
cost. So the session, its user, the attachment, its ticket's requester and whether its reply is
an internal note come back as one Core row; the rules applied to them are the usual ones
(sessions.is_live, policy.can, attachments.hidden_from).
"""

from dataclasses import dataclass

from sqlalchemy import Connection, bindparam, select

from helpdesk_app.models import Attachment, AuthSession, Reply, Role, Ticket, User
from helpdesk_app.services.identity import sessions
from helpdesk_app.services.attachments.listing import hidden_from
from helpdesk_app.services.common.errors import NotAuthenticated, NotFound
from helpdesk_app.services.common.policy import Action, can
from helpdesk_app.services.common.validation import valid_id

_sessions, _users, _attachments = AuthSession.__table__, User.__table__, Attachment.__table__
_tickets, _replies = Ticket.__table__, Reply.__table__

# Outer joins: an unknown attachment still returns the caller's row, so it is a 404, not a 401.
_LOOKUP = (
    select(_sessions.c.expires_at, _users.c.id.label("user_id"), _users.c.role, _users.c.is_active,
           _tickets.c.requester_id, _replies.c.internal, *_attachments.c)
    .select_from(_sessions)
    .join(_users, _users.c.id == _sessions.c.user_id)
    .outerjoin(_attachments, _attachments.c.id == bindparam("attachment_id"))
    .outerjoin(_tickets, _tickets.c.id == _attachments.c.ticket_id)
    .outerjoin(_replies, _replies.c.id == _attachments.c.reply_id)
    .where(_sessions.c.token_hash == bindparam("token_hash"))
)
_ATTACHMENT_FIELDS = [column.name for column in _attachments.c]


# What the rules read of the caller and of the ticket (policy.Actor and policy.OnTicket): building a
# User and a Ticket for that was half of this function's time (pydantic's model_construct computes
# every default the row leaves out, and inspects each default factory's signature to do it).
@dataclass(frozen=True, slots=True)
class _Caller:
    id: int
    role: Role
    is_active: bool


@dataclass(frozen=True, slots=True)
class _Ticket:
    requester_id: int


def downloadable(conn: Connection, token: str | None, attachment_id: int) -> Attachment:
    """The attachment the token's user may download: NotAuthenticated for no live session,
    NotFound for an attachment that does not exist or that the user may not see."""
    row = conn.execute(_LOOKUP, {"token_hash": sessions.hash_token(token), "attachment_id": attachment_id
                                 if valid_id(attachment_id) else None}).first() if token else None
    if row is None or not sessions.is_live(row.expires_at, row.is_active):
        raise NotAuthenticated()
    user = _Caller(row.user_id, row.role, row.is_active)
    if row.id is None or not can(user, Action.view_ticket, _Ticket(row.requester_id)):
        raise NotFound("Attachment not found.")
    attachment = Attachment.model_construct(**{name: getattr(row, name) for name in _ATTACHMENT_FIELDS})
    if hidden_from(user, attachment, bool(row.internal)):
        raise NotFound("Attachment not found.")
    return attachment
