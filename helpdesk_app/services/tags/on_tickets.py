"""Tags on tickets: what a ticket carries, adding, removing and setting them, each in its history."""

from sqlalchemy import delete, update
from sqlmodel import Session, select

from helpdesk_app.models import Tag, TagRef, Ticket, TicketEvent, TicketTag, utcnow
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.tags.catalog import find_or_create
from helpdesk_app.services.tags.refs import refs_by_ticket
from helpdesk_app.services.tags.names import EVENT_FIELD, name_error, name_key
from helpdesk_app.services.tickets import get_visible

MAX_TAGS_PER_TICKET = 50


def ticket_tags(session: Session, *, actor: Actor, ticket_id: int) -> list[TagRef]:
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id)
    require(actor, Action.view_tags)
    return refs_by_ticket(session, [ticket.id]).get(ticket.id, [])


def _tagged(session: Session, actor: Actor, ticket_id: int) -> Ticket:
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id)
    require(actor, Action.tag_ticket, ticket)
    return ticket


def _changed(session: Session, ticket: Ticket, actor: Actor, added: list[Tag], removed: list[Tag]) -> None:
    """Write the rows, the counts, the history and the event of one change of a ticket's tags."""
    now = utcnow()
    for tag in added:
        session.add(TicketTag(ticket_id=ticket.id, tag_id=tag.id, created_at=now))
        session.add(TicketEvent(ticket_id=ticket.id, actor_id=actor.id, field=EVENT_FIELD, new_value=tag.name,
                                created_at=now))
    if removed:
        session.execute(delete(TicketTag).where(TicketTag.ticket_id == ticket.id,
                                                TicketTag.tag_id.in_([t.id for t in removed])))
    for tag in removed:
        session.add(TicketEvent(ticket_id=ticket.id, actor_id=actor.id, field=EVENT_FIELD, old_value=tag.name,
                                created_at=now))
    for tags, step in ((added, 1), (removed, -1)):
        if tags:  # in the database, not in Python: two tickets tagged at once both count
            session.execute(update(Tag).where(Tag.id.in_([t.id for t in tags]))
                            .values(ticket_count=Tag.ticket_count + step).execution_options(synchronize_session=False))
    ticket.updated_at = now  # internal: the customer-visible last activity stays
    session.add(ticket)
    session.flush()
    record(session, EventType.ticket_tags_changed, ticket_id=ticket.id, actor_id=actor.id,
           added=[t.name for t in added], removed=[t.name for t in removed])


def _current(session: Session, ticket_id: int) -> list[Tag]:
    return list(session.exec(select(Tag).join(TicketTag, TicketTag.tag_id == Tag.id)
                             .where(TicketTag.ticket_id == ticket_id)).all())


@use_case
def add_tag(session: Session, *, actor: Actor, ticket_id: int, name: str) -> TagRef:
    """Put the tag named `name` (made if it is new and the actor may) on the ticket; a no-op if it is there."""
    ticket = _tagged(session, actor, ticket_id)
    tag = find_or_create(session, actor=actor, name=name)
    current = _current(session, ticket.id)
    if all(t.id != tag.id for t in current):
        if len(current) >= MAX_TAGS_PER_TICKET:
            raise InvalidInput({"name": f"A ticket carries at most {MAX_TAGS_PER_TICKET} tags."})
        _changed(session, ticket, actor, [tag], [])
    return TagRef(id=tag.id, name=tag.name, color=tag.color)


@use_case
def remove_tag(session: Session, *, actor: Actor, ticket_id: int, tag_id: int) -> None:
    ticket = _tagged(session, actor, ticket_id)
    tag = next((t for t in _current(session, ticket.id) if valid_id(tag_id) and t.id == tag_id), None)
    if tag is None:
        raise NotFound("That tag is not on this ticket.")
    _changed(session, ticket, actor, [], [tag])


@use_case
def set_tags(session: Session, *, actor: Actor, ticket_id: int, names: list[str]) -> list[TagRef]:
    """Make the ticket's tags exactly `names` (made where new and allowed); each name is checked first."""
    ticket = _tagged(session, actor, ticket_id)
    errors = {f"names.{i}": message for i, name in enumerate(names) if (message := name_error(name))}
    if len(names) > MAX_TAGS_PER_TICKET:
        errors["names"] = f"A ticket carries at most {MAX_TAGS_PER_TICKET} tags."
    if errors:
        raise InvalidInput(errors)
    wanted: dict[int, Tag] = {}
    for name in names:
        tag = find_or_create(session, actor=actor, name=name)
        wanted.setdefault(tag.id, tag)
    current = {t.id: t for t in _current(session, ticket.id)}
    added = [t for i, t in wanted.items() if i not in current]
    removed = [t for i, t in current.items() if i not in wanted]
    if added or removed:
        _changed(session, ticket, actor, added, removed)
    return sorted((TagRef(id=t.id, name=t.name, color=t.color) for t in wanted.values()),
                  key=lambda r: name_key(r.name))
