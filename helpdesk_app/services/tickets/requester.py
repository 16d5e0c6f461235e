"""Who asked, as the ticket page's side panel shows them: name, email and (agents) their other open tickets."""

from dataclasses import dataclass, field

from sqlmodel import Session, select

from helpdesk_app.models import Ticket, TicketStatus, User
from helpdesk_app.services.common.policy import Action, Actor, can
from helpdesk_app.services.tickets.lookup import check_visible

OPEN = (TicketStatus.new, TicketStatus.open, TicketStatus.pending)
MAX_OTHERS = 5


@dataclass
class Requester:
    id: int
    name: str
    email: str
    other_open: list[tuple[int, int, str]] = field(default_factory=list)  # (id, number, subject), latest first


def requester_of(session: Session, *, actor: Actor, ticket: Ticket) -> Requester:
    """The requester of a ticket the actor may see. A customer is the requester: they get their own details."""
    check_visible(actor, ticket)
    user = session.get(User, ticket.requester_id)
    found = Requester(user.id, user.name, user.email)
    if can(actor, Action.view_all_tickets):
        found.other_open = [tuple(row) for row in session.exec(
            select(Ticket.id, Ticket.number, Ticket.subject)
            .where(Ticket.requester_id == user.id, Ticket.status.in_(OPEN), Ticket.id != ticket.id)
            .order_by(Ticket.last_activity_at.desc(), Ticket.id.desc()).limit(MAX_OTHERS)).all()]
    return found
