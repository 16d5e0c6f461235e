"""The ticket list: filters, sorting and paging that stay fast on large tables."""

from dataclasses import dataclass

from sqlalchemy import func
from sqlmodel import Session, select

from helpdesk_app.models import Ticket, TicketPublic
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.tickets.filters import ticket_filters
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.services.tickets.query import DEFAULT_SORT, MAX_PER_PAGE, SORTS, TicketQuery

__all__ = ["DEFAULT_SORT", "MAX_PER_PAGE", "SORTS", "TicketPage", "TicketQuery", "list_tickets"]


@dataclass
class TicketPage:
    items: list[TicketPublic]
    total: int
    page: int
    per_page: int


def _count(session: Session, base: list, without) -> int:
    """How many match. Without some tags: all that match the rest, less those of them with the tags,
    two counts the indexes answer, where counting what NOT IN lets through reads every ticket."""
    def count(where: list) -> int:
        return session.exec(select(func.count()).select_from(Ticket).where(*where)).one()
    return count(base) - (count([*base, Ticket.id.in_(without)]) if without is not None else 0)


def list_tickets(session: Session, *, actor: Actor, query: TicketQuery) -> TicketPage:
    require(actor, Action.view_ticket)
    base, without = ticket_filters(session, actor, query)
    where = base + ([Ticket.id.not_in(without)] if without is not None else [])
    column = SORTS[query.sort.removeprefix("-")]
    descending = query.sort.startswith("-")
    order = [column.desc(), Ticket.id.desc()] if descending else [column.asc(), Ticket.id.asc()]
    # Page through ids alone (an index-only walk), then load just that page's rows.
    offset = (query.page - 1) * query.per_page
    ids = session.exec(select(Ticket.id).where(*where).order_by(*order).offset(offset).limit(query.per_page)).all()
    rows = {t.id: t for t in session.exec(select(Ticket).where(Ticket.id.in_(ids))).all()} if ids else {}
    if 0 < len(ids) < query.per_page or (offset == 0 and not ids):
        total = offset + len(ids)  # a short page is the last one: its end is the count
    else:
        total = _count(session, base, without)
    return TicketPage(
        items=tickets_public(session, [rows[i] for i in ids], actor),
        total=total, page=query.page, per_page=query.per_page,
    )
