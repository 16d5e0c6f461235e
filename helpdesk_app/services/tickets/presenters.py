"""Tickets in their public shape (the API's and the UI's), never the table rows."""

from sqlmodel import Session

from helpdesk_app.models import Ticket, TicketPublic
from helpdesk_app.services.common.policy import Action, Actor, can
from helpdesk_app.services.common.presenters import user_refs
from helpdesk_app.services.tags.refs import refs_by_ticket


def tickets_public(session: Session, tickets: list[Ticket], actor: Actor | None = None) -> list[TicketPublic]:
    """With their tags when `actor` may see tags (tags are internal: never a customer's)."""
    refs = user_refs(session, [u for t in tickets for u in (t.requester_id, t.assignee_id)])
    tags = refs_by_ticket(session, [t.id for t in tickets]) if actor and can(actor, Action.view_tags) else {}
    return [
        TicketPublic(
            **t.model_dump(exclude={"requester_id", "assignee_id", "created_by_id"}),
            requester=refs[t.requester_id],
            assignee=refs.get(t.assignee_id) if t.assignee_id else None,
            tags=tags.get(t.id, []),
        )
        for t in tickets
    ]
