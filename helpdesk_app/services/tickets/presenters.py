"""Tickets in their public shape (the API's and the UI's), never the table rows."""

from sqlmodel import Session

from helpdesk_app.models import Ticket, TicketPublic
from helpdesk_app.services.common.presenters import user_refs


def tickets_public(session: Session, tickets: list[Ticket]) -> list[TicketPublic]:
    refs = user_refs(session, [u for t in tickets for u in (t.requester_id, t.assignee_id)])
    return [
        TicketPublic(
            **t.model_dump(exclude={"requester_id", "assignee_id", "created_by_id"}),
            requester=refs[t.requester_id],
            assignee=refs.get(t.assignee_id) if t.assignee_id else None,
        )
        for t in tickets
    ]
