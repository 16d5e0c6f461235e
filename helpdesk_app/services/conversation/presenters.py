"""Replies, notes and history events in their public shape, never the table rows."""

from sqlmodel import Session

from helpdesk_app.models import Reply, ReplyPublic, TicketEvent, TicketEventPublic
from helpdesk_app.services.common.presenters import user_refs


def replies_public(session: Session, replies: list[Reply]) -> list[ReplyPublic]:
    refs = user_refs(session, [r.author_id for r in replies])
    return [ReplyPublic(**r.model_dump(exclude={"author_id"}), author=refs[r.author_id]) for r in replies]


def events_public(session: Session, events: list[TicketEvent]) -> list[TicketEventPublic]:
    refs = user_refs(session, [e.actor_id for e in events])
    return [TicketEventPublic(**e.model_dump(exclude={"actor_id"}), actor=refs[e.actor_id]) for e in events]
