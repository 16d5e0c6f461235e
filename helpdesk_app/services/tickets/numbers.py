"""Ticket numbers (what people quote) and ids reserved before a ticket exists."""

from sqlalchemy import func
from sqlmodel import Session, select, update

from helpdesk_app.models import Ticket, TicketNumberCounter


def next_number(session: Session) -> int:
    """Hand out the next ticket number; the UPDATE locks the row, so numbers never repeat."""
    result = session.execute(
        update(TicketNumberCounter)
        .where(TicketNumberCounter.id == 1)
        .values(last_number=TicketNumberCounter.last_number + 1)
        .returning(TicketNumberCounter.last_number)
    ).one()
    return result[0]


def reserve_id(session: Session) -> int | None:
    """An id for a ticket about to be created (open_ticket(ticket_id=...)), handed out by
    PostgreSQL's sequence without any lock, so its files can be stored under it before it exists.
    None on SQLite, which has no sequences: such files are staged and moved in. An id reserved and
    never used is a gap in the ids, never in the ticket numbers."""
    if session.get_bind().dialect.name != "postgresql":
        return None
    sequence = func.pg_get_serial_sequence(Ticket.__tablename__, "id")
    return session.execute(select(func.nextval(sequence))).scalar_one()
