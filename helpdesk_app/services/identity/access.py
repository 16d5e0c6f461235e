"""Who is asking, and what they may see of a ticket: the one lookup every path uses.

The REST API, the plain download and upload routes, the upload guard and the UI all resolve a
session token here. One Core statement brings back the session, its user and, when asked, a
ticket (with the files and bytes it holds) or an attachment with its ticket's requester and
whether it belongs to an internal note. Core rows and small frozen dataclasses, not ORM entities:
this sits on the download's hot path, where building models cost more than the statement.
What the caller may see of a ticket is decided by `ticket_view`, on the one policy.
"""

import functools
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, bindparam, select
from sqlmodel import Session

from helpdesk_app.models import Attachment, AuthSession, Reply, Role, Ticket, TicketSource, User
from helpdesk_app.services.attachments import usage as counted
from helpdesk_app.services.common.policy import Action, OnTicket, can
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.identity.sessions import hash_token, is_live, token_from_headers

_sessions, _users, _tickets = AuthSession.__table__, User.__table__, Ticket.__table__
_attachments, _replies = Attachment.__table__, Reply.__table__
_CALLER = ("id", "email", "name", "role", "is_active", "created_at", "email_verified_at")  # never the password hash
_TICKET = [c for c in _tickets.c if c.name != "description"]  # up to 50,000 characters nobody here reads
_ATTACHMENT = [c.name for c in _attachments.c]


@dataclass(frozen=True, slots=True)
class Caller:
    """The signed-in user as the services see them (policy.Actor): no password hash, no ORM state."""

    id: int
    email: str
    name: str
    role: Role
    is_active: bool
    created_at: datetime
    email_verified_at: datetime | None = None

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.admin, Role.agent)


@dataclass(frozen=True, slots=True)
class TicketView:
    """What the caller may see of one ticket. Watchers and merged tickets will widen it here."""

    visible: bool
    internal_notes: bool  # its internal notes, and their files and history
    deleted_files: bool  # its soft-deleted attachments


def ticket_view(caller, ticket: OnTicket) -> TicketView:
    visible = can(caller, Action.view_ticket, ticket)
    return TicketView(visible, visible and can(caller, Action.view_internal_notes),
                      visible and can(caller, Action.view_deleted_attachments))


def visible_tickets(caller) -> list:
    """ticket_view's `visible` as a WHERE clause, for lists: customers see the tickets they requested
    (before their address is verified, only those they opened on the web)."""
    if can(caller, Action.view_all_tickets):
        return []
    if getattr(caller, "email_verified", False):
        return [Ticket.requester_id == caller.id]
    return [Ticket.requester_id == caller.id, Ticket.source != TicketSource.mail]


@dataclass(frozen=True, slots=True)
class _Requested:
    requester_id: int
    source: TicketSource


@dataclass(frozen=True, slots=True)
class Access:
    caller: Caller
    csrf_token: str  # the session's, for the CSRF check of cookie-signed writes
    ticket: Ticket | None = None  # the ticket asked for (without its description); None: no such ticket
    usage: tuple[int, int] | None = None  # its files and bytes (soft-deleted ones no longer count)
    attachment: Attachment | None = None  # the attachment asked for; None: no such attachment
    attachment_view: TicketView | None = None  # what the caller may see of the attachment's ticket
    in_internal_note: bool = False  # the attachment belongs to an internal note


@functools.cache
def _statement(ticket: bool, usage: bool, attachment: bool):
    """Built once per shape: building it cost as much as running it. Outer joins, so an unknown
    ticket or attachment still brings the caller's row back (a 404, not a 401)."""
    columns = [_sessions.c.expires_at, _sessions.c.csrf_token, *(_users.c[name] for name in _CALLER)]
    query = select().select_from(_sessions).join(_users, _users.c.id == _sessions.c.user_id)
    if ticket:
        columns += [c.label(f"ticket_{c.name}") for c in _TICKET]
        query = query.outerjoin(_tickets, _tickets.c.id == bindparam("ticket_id"))
    if usage:
        columns += [counted.FILES.scalar_subquery().label("usage_count"),
                    counted.BYTES.scalar_subquery().label("usage_bytes")]
    if attachment:
        owner = _tickets.alias("owner")
        columns += [*_attachments.c, owner.c.requester_id.label("owner_requester_id"),
                    owner.c.source.label("owner_source"), _replies.c.internal]
        query = (query.outerjoin(_attachments, _attachments.c.id == bindparam("attachment_id"))
                 .outerjoin(owner, owner.c.id == _attachments.c.ticket_id)
                 .outerjoin(_replies, _replies.c.id == _attachments.c.reply_id))
    return query.add_columns(*columns).where(_sessions.c.token_hash == bindparam("token_hash"))


def resolve(conn: Connection | Session, token: str | None, *, ticket_id: int | None = None, usage: bool = False,
            attachment_id: int | None = None) -> Access | None:
    """The live session behind `token`, with the ticket or attachment asked for; None when the token
    signs nobody in (unknown, expired, or its user deactivated)."""
    if not token:
        return None
    params = {"token_hash": hash_token(token)}
    if ticket_id is not None:
        params["ticket_id"] = ticket_id if valid_id(ticket_id) else None
    if attachment_id is not None:
        params["attachment_id"] = attachment_id if valid_id(attachment_id) else None
    statement = _statement(ticket_id is not None, usage and ticket_id is not None, attachment_id is not None)
    row = conn.execute(statement, params).first()
    if row is None or not is_live(row.expires_at, row.is_active):
        return None
    caller = Caller(row.id, row.email, row.name, row.role, row.is_active, row.created_at, row.email_verified_at)
    found = Access(caller, row.csrf_token)
    if ticket_id is not None:
        mapping = row._mapping
        ticket = (Ticket.model_construct(**{c.name: mapping[f"ticket_{c.name}"] for c in _TICKET})
                  if mapping["ticket_id"] is not None else None)
        found = Access(caller, row.csrf_token, ticket=ticket,
                       usage=(int(row.usage_count), int(row.usage_bytes)) if usage else None)
    if attachment_id is not None:
        return _with_attachment(found, row)
    return found


def caller_from_cookie_header(conn: Connection | Session, cookie_header: str) -> Caller | None:
    """The signed-in user of a browser request (the UI's pages and uploads), or None."""
    found = resolve(conn, token_from_headers(cookie_header))
    return found.caller if found else None


def _with_attachment(found: Access, row) -> Access:
    mapping = row._mapping
    if mapping[_attachments.c.id] is None:
        return found
    attachment = Attachment.model_construct(**{name: mapping[_attachments.c[name]] for name in _ATTACHMENT})
    view = ticket_view(found.caller, _Requested(row.owner_requester_id, row.owner_source))
    return Access(found.caller, found.csrf_token, found.ticket, found.usage, attachment, view, bool(row.internal))
