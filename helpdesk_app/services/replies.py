"""The conversation on a ticket: public replies, internal notes, and the thread with history."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, func, select

from helpdesk_app.models import (
    Reply, ReplyPublic, TicketEvent, TicketEventPublic, TicketStatus, User, utcnow,
)
from helpdesk_app.services.attachments import NOTE_EVENT_FIELD
from helpdesk_app.services.errors import InvalidInput
from helpdesk_app.services.policy import Action, can
from helpdesk_app.services.presenters import events_public, replies_public
from helpdesk_app.services.tickets import get_visible, record_change
from helpdesk_app.services.validation import paging_error, text_error

BODY_MAX = 50_000
# A customer writing back means the ticket needs an agent again.
REOPENED_BY_CUSTOMER = {TicketStatus.pending, TicketStatus.resolved, TicketStatus.closed}


def add_reply(session: Session, *, actor: User, ticket_id: int, body: str, internal: bool = False) -> Reply:
    action = Action.add_internal_note if internal else Action.reply
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=action)
    error = text_error(body, label="a message", max_length=BODY_MAX)
    if error:
        raise InvalidInput({"body": error})
    now = utcnow()
    reply = Reply(ticket_id=ticket.id, author_id=actor.id, body=body.strip(), internal=internal, created_at=now)
    session.add(reply)
    if not internal:
        if not actor.is_staff and ticket.status in REOPENED_BY_CUSTOMER:
            record_change(session, ticket, actor=actor, field="status", new=TicketStatus.open)
        elif actor.is_staff and ticket.status == TicketStatus.new:
            record_change(session, ticket, actor=actor, field="status", new=TicketStatus.open)
    ticket.last_activity_at = ticket.updated_at = now
    session.add(ticket)
    session.flush()
    return reply


def _visible_replies(actor: User, ticket_id: int):
    query = select(Reply).where(Reply.ticket_id == ticket_id)
    if not can(actor, Action.view_internal_notes):
        query = query.where(Reply.internal.is_(False))
    return query


def list_replies(
    session: Session, *, actor: User, ticket_id: int, page: int = 1, per_page: int = 50
) -> tuple[list[ReplyPublic], int]:
    get_visible(session, actor=actor, ticket_id=ticket_id)
    error = paging_error(page, per_page)
    if error:
        raise InvalidInput({"page": error}, location="query")
    query = _visible_replies(actor, ticket_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(Reply.created_at, Reply.id).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return replies_public(session, list(rows)), total


@dataclass
class ThreadEntry:
    """One line of the thread: a reply, an internal note or a history event."""

    kind: str  # "reply", "note" or "event"
    created_at: datetime
    reply: ReplyPublic | None = None
    event: TicketEventPublic | None = None


def get_thread(session: Session, *, actor: User, ticket_id: int) -> list[ThreadEntry]:
    get_visible(session, actor=actor, ticket_id=ticket_id)
    replies = replies_public(session, list(session.exec(_visible_replies(actor, ticket_id)).all()))
    event_query = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
    if not can(actor, Action.view_internal_notes):  # a deleted file of an internal note is part of the note
        event_query = event_query.where(TicketEvent.field != NOTE_EVENT_FIELD)
    events = events_public(session, list(session.exec(event_query).all()))
    entries = [ThreadEntry("note" if r.internal else "reply", r.created_at, reply=r) for r in replies]
    entries += [ThreadEntry("event", e.created_at, event=e) for e in events]
    # Events written with a reply share its time; show the message first.
    entries.sort(key=lambda e: (e.created_at, e.kind == "event", (e.reply or e.event).id))
    return entries
