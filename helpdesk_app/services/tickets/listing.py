"""The ticket list: filters, sorting and paging that stay fast on large tables."""

from dataclasses import dataclass, replace

from sqlalchemy import func
from sqlmodel import Session, select

from helpdesk_app.models import Ticket, TicketPublic
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.search.finding import search_tickets
from helpdesk_app.services.tickets.cursors import after_clause, cursor_after
from helpdesk_app.services.tickets.filters import ticket_filters
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.services.tickets.query import DEFAULT_SORT, MAX_PER_PAGE, SORTS, TicketQuery

__all__ = ["COUNT_CAP", "DEFAULT_SORT", "MAX_PER_PAGE", "SORTS", "TicketPage", "TicketQuery", "list_tickets"]


COUNT_CAP = 10_000  # the total stops here (capped): counting every match would grow with the table


@dataclass
class TicketPage:
    items: list[TicketPublic]
    total: int
    page: int
    per_page: int
    capped: bool = False  # total stopped at COUNT_CAP: there are more
    next_cursor: str | None = None  # `after` for the next page (None: this is the last)


def count_capped(session: Session, where: list, cap: int | None = None) -> int:
    """How many tickets match `where`, up to `cap` (COUNT_CAP): a count over at most that many index entries."""
    matching = select(Ticket.id).where(*where).limit(cap or COUNT_CAP).subquery()
    return session.execute(select(func.count()).select_from(matching)).scalar_one()


def list_tickets(session: Session, *, actor: Actor, query: TicketQuery) -> TicketPage:
    """With words (`q`), the list is a search in the list's sort (search_tickets)."""
    require(actor, Action.view_ticket)
    if query.q and query.q.strip():
        found = search_tickets(session, actor=actor, q=query.q, query=replace(query, q=None))
        return TicketPage(items=[hit.ticket for hit in found.items], total=found.total, page=found.page,
                          per_page=found.per_page, capped=found.capped)
    base, without = ticket_filters(session, actor, query)
    where = base + ([Ticket.id.not_in(without)] if without is not None else [])
    column = SORTS[query.sort.removeprefix("-")]
    descending = query.sort.startswith("-")
    order = [column.desc(), Ticket.id.desc()] if descending else [column.asc(), Ticket.id.asc()]
    # Page through ids alone (an index-only walk), then load just that page's rows; after a cursor,
    # from the row after it (keyset), else by offset.
    offset = (query.page - 1) * query.per_page
    keyset = [after_clause(query.sort, query.after)] if query.after else []
    ids = session.exec(select(Ticket.id).where(*where, *keyset).order_by(*order)
                       .offset(0 if keyset else offset).limit(query.per_page)).all()
    rows = {t.id: t for t in session.exec(select(Ticket).where(Ticket.id.in_(ids))).all()} if ids else {}
    if not keyset and (0 < len(ids) < query.per_page or (offset == 0 and not ids)):
        total, capped = offset + len(ids), False  # a short page is the last one: its end is the count
    else:
        total = count_capped(session, where)
        capped = total >= COUNT_CAP
        if capped:
            total = max(total, offset + len(ids))  # past the cap, at least what was paged through
    last = rows[ids[-1]] if len(ids) == query.per_page else None
    return TicketPage(
        items=tickets_public(session, [rows[i] for i in ids], actor),
        total=total, page=query.page, per_page=query.per_page, capped=capped,
        next_cursor=cursor_after(query.sort, last) if last is not None else None,
    )
