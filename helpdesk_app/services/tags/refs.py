"""The tags of a page of tickets, as shown beside them."""

from collections.abc import Iterable

from sqlmodel import Session, select

from helpdesk_app.models import Tag, TagRef, TicketTag


def refs_by_ticket(session: Session, ticket_ids: Iterable[int]) -> dict[int, list[TagRef]]:
    """The tags of many tickets in one query (a page of the list), by name. Callers have checked
    the actor may see tags."""
    wanted = set(ticket_ids)
    if not wanted:
        return {}
    rows = session.exec(select(TicketTag.ticket_id, Tag.id, Tag.name, Tag.color).join(Tag, Tag.id == TicketTag.tag_id)
                        .where(TicketTag.ticket_id.in_(wanted)).order_by(Tag.name_key)).all()
    found: dict[int, list[TagRef]] = {}
    for ticket_id, tag_id, name, color in rows:
        found.setdefault(ticket_id, []).append(TagRef(id=tag_id, name=name, color=color))
    return found
