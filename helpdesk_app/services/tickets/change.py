"""Changing a ticket's status, priority and assignee, each change kept in its history."""

from sqlmodel import Session

from helpdesk_app.models import Ticket, TicketEvent, TicketUpdate, User, utcnow
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.tickets.lookup import get_visible
from helpdesk_app.services.tickets.open import active_user


# The domain event each recorded change is, besides its history row.
_EVENTS = {"status": EventType.status_changed, "priority": EventType.priority_changed,
           "assignee_id": EventType.assignee_changed}


@use_case
def update_ticket(session: Session, *, actor: Actor, ticket_id: int, changes: TicketUpdate) -> Ticket:
    """Apply status, priority and assignee changes, recording each as a history event."""
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=Action.update_ticket)
    wanted = changes.model_fields_set
    if "status" in wanted and changes.status is None:
        raise InvalidInput({"status": "Choose a status."})
    if "priority" in wanted and changes.priority is None:
        raise InvalidInput({"priority": "Choose a priority."})
    if "assignee_id" in wanted and changes.assignee_id is not None:
        active_user(session, changes.assignee_id, field="assignee_id", staff=True)
    for field in ("status", "priority", "assignee_id"):
        if field in wanted:
            record_change(session, ticket, actor=actor, field=field, new=getattr(changes, field))
    # Not flushed here: the next query or the commit writes it, so a bulk action's thousands of
    # changes go out as a few batched statements instead of two round trips per ticket.
    session.add(ticket)
    return ticket


def record_change(session: Session, ticket: Ticket, *, actor: Actor, field: str, new) -> None:
    """Set one field and write its history row and domain event, if it really changes (in a use case)."""
    old = getattr(ticket, field)
    if old == new:
        return
    setattr(ticket, field, new)
    now = utcnow()
    ticket.updated_at = ticket.last_activity_at = now
    name = "assignee" if field == "assignee_id" else field
    session.add(TicketEvent(
        ticket_id=ticket.id, actor_id=actor.id, field=name, created_at=now,
        old_value=_label(session, field, old), new_value=_label(session, field, new),
    ))
    record(session, _EVENTS[field], ticket_id=ticket.id, actor_id=actor.id, old=_plain(old), new=_plain(new))


def _plain(value):
    """An enum as its value, for the event's JSON."""
    return value.value if hasattr(value, "value") else value


def _label(session: Session, field: str, value) -> str | None:
    if value is None:
        return None
    if field == "assignee_id":
        user = session.get(User, value)
        return user.name if user else f"user {value}"
    return str(value.value if hasattr(value, "value") else value)
