"""Opening a ticket: for oneself, or (agents) for a customer."""

from sqlmodel import Session

from helpdesk_app.models import Ticket, TicketCreate, User, utcnow
from helpdesk_app.models.ticket import DESCRIPTION_MAX, SUBJECT_MAX
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.validation import text_error, valid_id
from helpdesk_app.services.tickets.numbers import next_number



def active_user(session: Session, user_id: int, *, field: str, staff: bool) -> User:
    """The user a ticket is opened for or assigned to: active, and staff if `staff` (InvalidInput on `field`)."""
    user = session.get(User, user_id) if valid_id(user_id) else None
    if user is None or not user.is_active or (staff and not user.is_staff):
        kind = "an active agent" if staff else "an active user"
        raise InvalidInput({field: f"Choose {kind}."})
    return user


def check_new_ticket(session: Session, *, actor: Actor, data: TicketCreate) -> int:
    """The requester's id if the actor may open this ticket (InvalidInput naming each bad field, or
    Forbidden): checked before anything is written, so an upload can be refused before its files."""
    require(actor, Action.create_ticket)
    errors = {
        k: v for k, v in {
            "subject": text_error(data.subject, label="a subject", max_length=SUBJECT_MAX),
            "description": text_error(data.description, label="a description", max_length=DESCRIPTION_MAX),
        }.items() if v
    }
    requester_id = actor.id
    if data.requester_id is not None and data.requester_id != actor.id:
        require(actor, Action.create_ticket_for_customer)
        requester_id = data.requester_id
        try:
            active_user(session, requester_id, field="requester_id", staff=False)
        except InvalidInput as e:
            errors.update(e.fields)
    if errors:
        raise InvalidInput(errors)
    return requester_id


@use_case
def create_ticket(session: Session, *, actor: Actor, data: TicketCreate, ticket_id: int | None = None) -> Ticket:
    """`ticket_id`: one from numbers.reserve_id, else the database picks it."""
    requester_id = check_new_ticket(session, actor=actor, data=data)
    now = utcnow()
    ticket = Ticket(
        id=ticket_id, number=next_number(session), subject=data.subject.strip(), description=data.description.strip(),
        priority=data.priority, requester_id=requester_id, created_by_id=actor.id,
        created_at=now, updated_at=now, last_activity_at=now,
    )
    session.add(ticket)
    session.flush()
    record(session, EventType.ticket_created, ticket_id=ticket.id, actor_id=actor.id, number=ticket.number,
           requester_id=requester_id)
    return ticket
