"""Finding a ticket the actor may see: anything else is NotFound, so existence never leaks."""

from sqlmodel import Session

from helpdesk_app.models import Ticket
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.errors import NotFound
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.identity.access import ticket_view


def get_visible(session: Session, *, actor: Actor, ticket_id: int, action: Action = Action.view_ticket) -> Ticket:
    """The ticket if the actor may see it (NotFound otherwise), checked for `action` too."""
    return check_visible(actor, session.get(Ticket, ticket_id) if valid_id(ticket_id) else None, action)


def check_visible(actor: Actor | None, ticket: Ticket | None, action: Action = Action.view_ticket) -> Ticket:
    """get_visible's rule, for a ticket already loaded (None: there is no such ticket)."""
    require(actor, Action.view_ticket)  # anonymous still gets 401, not 404
    if ticket is None or not ticket_view(actor, ticket).visible:
        raise NotFound("Ticket not found.")
    require(actor, action, ticket)
    return ticket
