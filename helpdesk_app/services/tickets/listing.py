"""The ticket list: filters, sorting and paging that stay fast on large tables."""

from dataclasses import dataclass

from sqlalchemy import false, func
from sqlmodel import Session, select

from helpdesk_app.models import Ticket, TicketPriority, TicketPublic, TicketStatus
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.validation import MAX_PAGE, valid_id
from helpdesk_app.services.identity.access import visible_tickets
from helpdesk_app.services.tickets.presenters import tickets_public

SORTS = {
    "last_activity_at": Ticket.last_activity_at,
    "created_at": Ticket.created_at,
    "updated_at": Ticket.updated_at,
    "priority": Ticket.priority,
    "number": Ticket.number,
}
DEFAULT_SORT = "-last_activity_at"
MAX_PER_PAGE = 100


@dataclass
class TicketQuery:
    status: str | None = None
    priority: str | None = None
    assignee_id: str | None = None  # an id, "me" or "none"
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 25


@dataclass
class TicketPage:
    items: list[TicketPublic]
    total: int
    page: int
    per_page: int


def _filters(actor: Actor, query: TicketQuery) -> list:
    errors: dict[str, str] = {}
    where = visible_tickets(actor)
    if query.status:
        try:
            where.append(Ticket.status == TicketStatus(query.status))
        except ValueError:
            errors["status"] = f"Use one of: {', '.join(TicketStatus)}."
    if query.priority:
        try:
            where.append(Ticket.priority == TicketPriority(query.priority))
        except ValueError:
            errors["priority"] = f"Use one of: {', '.join(TicketPriority)}."
    if query.assignee_id:
        if query.assignee_id == "me":
            where.append(Ticket.assignee_id == actor.id)
        elif query.assignee_id == "none":
            where.append(Ticket.assignee_id.is_(None))
        elif query.assignee_id.isascii() and query.assignee_id.isdigit():
            # An id no user can have (0, or past the column's range) is nobody's: it matches no ticket.
            number = int(query.assignee_id)
            where.append(Ticket.assignee_id == number if valid_id(number) else false())
        else:
            errors["assignee_id"] = "Use a user id, 'me' or 'none'."
    if query.sort.removeprefix("-") not in SORTS:
        errors["sort"] = f"Use one of: {', '.join(SORTS)} (prefix - for descending)."
    if not 1 <= query.page <= MAX_PAGE:
        errors["page"] = f"Use a page number between 1 and {MAX_PAGE}."
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        errors["per_page"] = f"Use between 1 and {MAX_PER_PAGE}."
    if errors:
        raise InvalidInput(errors, location="query")
    return where


def list_tickets(session: Session, *, actor: Actor, query: TicketQuery) -> TicketPage:
    require(actor, Action.view_ticket)
    where = _filters(actor, query)
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
        total = session.exec(select(func.count()).select_from(Ticket).where(*where)).one()
    return TicketPage(
        items=tickets_public(session, [rows[i] for i in ids]),
        total=total, page=query.page, per_page=query.per_page,
    )
