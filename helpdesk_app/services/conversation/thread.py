"""A ticket's thread: its replies, notes and history events in the order they happened."""

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, select

from helpdesk_app.models import ReplyPublic, TicketEvent, TicketEventPublic
from helpdesk_app.services.attachments.names import NOTE_EVENT_FIELD
from helpdesk_app.services.tags.names import EVENT_FIELD as TAG_EVENT_FIELD
from helpdesk_app.services.common.policy import Actor
from helpdesk_app.services.conversation.presenters import events_public, replies_public
from helpdesk_app.services.conversation.replies import visible_replies
from helpdesk_app.services.identity.access import ticket_view
from helpdesk_app.services.tickets import get_visible


@dataclass
class ThreadEntry:
    """One line of the thread: a reply, an internal note or a history event."""

    kind: str  # "reply", "note" or "event"
    created_at: datetime
    reply: ReplyPublic | None = None
    event: TicketEventPublic | None = None


def get_thread(session: Session, *, actor: Actor, ticket_id: int) -> list[ThreadEntry]:
    view = ticket_view(actor, get_visible(session, actor=actor, ticket_id=ticket_id))
    replies = replies_public(session, list(session.exec(visible_replies(view, ticket_id)).all()))
    event_query = select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
    if not view.internal_notes:  # a deleted file of an internal note is part of the note; tags are internal
        event_query = event_query.where(TicketEvent.field.not_in([NOTE_EVENT_FIELD, TAG_EVENT_FIELD]))
    events = events_public(session, list(session.exec(event_query).all()))
    entries = [ThreadEntry("note" if r.internal else "reply", r.created_at, reply=r) for r in replies]
    entries += [ThreadEntry("event", e.created_at, event=e) for e in events]
    # Events written with a reply share its time; show the message first.
    entries.sort(key=lambda e: (e.created_at, e.kind == "event", (e.reply or e.event).id))
    return entries
