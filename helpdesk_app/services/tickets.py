"""Tickets: open, find, list and change them."""

from sqlalchemy import func
from sqlmodel import Session, select, update

from helpdesk_app.models import (
    Ticket, TicketCreate, TicketEvent, TicketNumberCounter, TicketUpdate, User, utcnow,
)
from helpdesk_app.services.errors import InvalidInput, NotFound
from helpdesk_app.services.policy import Action, require
from helpdesk_app.services.validation import text_error, valid_id

SUBJECT_MAX = 200
DESCRIPTION_MAX = 50_000


def next_number(session: Session) -> int:
    """Hand out the next ticket number; the UPDATE locks the row, so numbers never repeat."""
    result = session.execute(
        update(TicketNumberCounter)
        .where(TicketNumberCounter.id == 1)
        .values(last_number=TicketNumberCounter.last_number + 1)
        .returning(TicketNumberCounter.last_number)
    ).one()
    return result[0]


def get_visible(session: Session, *, actor: User, ticket_id: int, action: Action = Action.view_ticket) -> Ticket:
    """The ticket if the actor may see it (NotFound otherwise), checked for `action` too."""
    return check_visible(actor, session.get(Ticket, ticket_id) if valid_id(ticket_id) else None, action)


def check_visible(actor: User | None, ticket: Ticket | None, action: Action = Action.view_ticket) -> Ticket:
    """get_visible's rule, for a ticket already loaded (None: there is no such ticket)."""
    if ticket is None:
        require(actor, Action.view_ticket)  # anonymous still gets 401, not 404
        raise NotFound("Ticket not found.")
    require(actor, action, ticket)
    return ticket


def _active_user(session: Session, user_id: int, *, field: str, staff: bool) -> User:
    user = session.get(User, user_id) if valid_id(user_id) else None
    if user is None or not user.is_active or (staff and not user.is_staff):
        kind = "an active agent" if staff else "an active user"
        raise InvalidInput({field: f"Choose {kind}."})
    return user


def reserve_id(session: Session) -> int | None:
    """An id for a ticket about to be created (create_ticket(ticket_id=...)), handed out by
    PostgreSQL's sequence without any lock, so its files can be stored under it before it exists.
    None on SQLite, which has no sequences: such files are staged and moved in. An id reserved and
    never used is a gap in the ids, never in the ticket numbers."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    sequence = func.pg_get_serial_sequence(Ticket.__tablename__, "id")
    return session.execute(select(func.nextval(sequence))).scalar_one()


def create_ticket(session: Session, *, actor: User, data: TicketCreate, ticket_id: int | None = None) -> Ticket:
    """`ticket_id`: one from reserve_id, else the database picks it."""
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
            _active_user(session, requester_id, field="requester_id", staff=False)
        except InvalidInput as e:
            errors.update(e.fields)
    if errors:
        raise InvalidInput(errors)
    now = utcnow()
    ticket = Ticket(
        id=ticket_id, number=next_number(session), subject=data.subject.strip(), description=data.description.strip(),
        priority=data.priority, requester_id=requester_id, created_by_id=actor.id,
        created_at=now, updated_at=now, last_activity_at=now,
    )
    session.add(ticket)
    session.flush()
    return ticket


def update_ticket(session: Session, *, actor: User, ticket_id: int, changes: TicketUpdate) -> Ticket:
    """Apply status, priority and assignee changes, recording each as a history event."""
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=Action.update_ticket)
    wanted = changes.model_fields_set
    if "status" in wanted and changes.status is None:
        raise InvalidInput({"status": "Choose a status."})
    if "priority" in wanted and changes.priority is None:
        raise InvalidInput({"priority": "Choose a priority."})
    if "assignee_id" in wanted and changes.assignee_id is not None:
        _active_user(session, changes.assignee_id, field="assignee_id", staff=True)
    for field in ("status", "priority", "assignee_id"):
        if field in wanted:
            record_change(session, ticket, actor=actor, field=field, new=getattr(changes, field))
    session.add(ticket)
    session.flush()
    return ticket


def record_change(session: Session, ticket: Ticket, *, actor: User, field: str, new) -> None:
    """Set one field and write its history event, if it really changes."""
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


def _label(session: Session, field: str, value) -> str | None:
    if value is None:
        return None
    if field == "assignee_id":
        user = session.get(User, value)
        return user.name if user else f"user {value}"
    return str(value.value if hasattr(value, "value") else value)

