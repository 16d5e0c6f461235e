"""An upload's checks before its body is read, in one statement.

Every upload first asks who is signing in, which ticket the files go to and how much that ticket
already holds; as three queries that was most of a 1 MiB upload's time beyond the disk. Here the
session, its user, the ticket and its usage come back as one row, and the usual rules are applied
to them (auth.is_live, then tickets.check_visible for add_attachment).
"""

from dataclasses import dataclass

from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from helpdesk_app.models import Attachment, AuthSession, Ticket, User
from helpdesk_app.services import auth
from helpdesk_app.services.attachment_upload import UploadTarget
from helpdesk_app.services.policy import Action
from helpdesk_app.services.tickets import check_visible
from helpdesk_app.services.validation import valid_id

_ON_TICKET = (Attachment.ticket_id == bindparam("ticket_id"), Attachment.deleted_at.is_(None))
_LOOKUP = (
    select(AuthSession, User, Ticket,
           select(func.count()).where(*_ON_TICKET).scalar_subquery(),
           select(func.coalesce(func.sum(Attachment.size), 0)).where(*_ON_TICKET).scalar_subquery())
    .join(User, User.id == AuthSession.user_id)
    .outerjoin(Ticket, Ticket.id == bindparam("ticket_id"))  # an unknown ticket: still the caller's row
    .where(AuthSession.token_hash == bindparam("token_hash"))
)


@dataclass
class SignedInUpload:
    user: User
    auth_session: AuthSession
    ticket: Ticket | None  # None: no such ticket (whether the user may see it is not settled here)
    usage: tuple[int, int]  # the ticket's files and bytes (soft-deleted ones no longer count)


def lookup(session: Session, token: str | None, ticket_id: int) -> SignedInUpload | None:
    """The live session behind `token` with the ticket `ticket_id`, or None when the token signs
    nobody in (unknown, expired, or its user deactivated), exactly as auth.resolve decides."""
    if not token:
        return None
    row = session.exec(_LOOKUP, params={"token_hash": auth.hash_token(token),
                                        "ticket_id": ticket_id if valid_id(ticket_id) else None}).first()
    if row is None:
        return None
    auth_session, user, ticket, count, total = row
    if not auth.is_live(auth_session.expires_at, user.is_active):
        return None
    return SignedInUpload(user, auth_session, ticket, (int(count), int(total)))


def ticket_target(found: SignedInUpload) -> UploadTarget:
    """Where the files go, as resolve_target decides: NotFound for a ticket the user may not see,
    Forbidden if they may see it but not attach to it."""
    return UploadTarget(check_visible(found.user, found.ticket, Action.add_attachment), None)
