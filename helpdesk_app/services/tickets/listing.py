"""The ticket list: filters, sorting and paging that stay fast on large tables."""

from dataclasses import dataclass

from sqlalchemy import false, func
from sqlmodel import Session, select

from helpdesk_app.models import Ticket, TicketPriority, TicketPublic, TicketStatus
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Action, Actor, can, require
from helpdesk_app.services.common.validation import MAX_PAGE, valid_id
from helpdesk_app.services.identity.access import visible_tickets
from helpdesk_app.services.tags.filters import MAX_FILTER_TAGS, TagMatch, excluded, split_names, tag_clauses
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.services.watchers.watching import watched_by

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
    tags: str | None = None  # names, comma-separated (agents only)
    tags_match: str = "any"  # any | all of `tags`
    not_tags: str | None = None  # none of these
    watched_by: str | None = None  # "me": the tickets the caller watches (agents)
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 25


@dataclass
class TicketPage:
    items: list[TicketPublic]
    total: int
    page: int
    per_page: int


def _tag_filters(session: Session, actor: Actor, query: TicketQuery, errors: dict[str, str]):
    """The clauses for `tags`, and the subquery of the tickets `not_tags` excludes (or None)."""
    tags, not_tags = split_names(query.tags), split_names(query.not_tags)
    if query.tags_match not in set(TagMatch):
        errors["tags_match"] = f"Use one of: {', '.join(TagMatch)}."
    if not (tags or not_tags) or errors:
        return [], None
    if "\x00" in f"{query.tags}{query.not_tags}":
        errors["tags" if "\x00" in (query.tags or "") else "not_tags"] = "Remove the NUL character."
    elif not can(actor, Action.view_tags):
        errors["tags" if tags else "not_tags"] = "Filtering by tags is for agents."
    elif len(tags) > MAX_FILTER_TAGS or len(not_tags) > MAX_FILTER_TAGS:
        errors["tags" if len(tags) > MAX_FILTER_TAGS else "not_tags"] = f"Use at most {MAX_FILTER_TAGS} tags."
    else:
        return tag_clauses(session, tags, TagMatch(query.tags_match)), excluded(session, not_tags)
    return [], None


def _filters(session: Session, actor: Actor, query: TicketQuery):
    """The WHERE clauses, and the subquery of the tickets excluded by tag (or None)."""
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
    if query.watched_by:
        if query.watched_by != "me":
            errors["watched_by"] = "Use 'me'."
        elif not can(actor, Action.watch_ticket):
            errors["watched_by"] = "Watching is for agents."
        else:
            where.append(watched_by(actor.id))
    tag_where, without = _tag_filters(session, actor, query, errors)
    where += tag_where
    if query.sort.removeprefix("-") not in SORTS:
        errors["sort"] = f"Use one of: {', '.join(SORTS)} (prefix - for descending)."
    if not 1 <= query.page <= MAX_PAGE:
        errors["page"] = f"Use a page number between 1 and {MAX_PAGE}."
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        errors["per_page"] = f"Use between 1 and {MAX_PER_PAGE}."
    if errors:
        raise InvalidInput(errors, location="query")
    return where, without


def _count(session: Session, base: list, without) -> int:
    """How many match. Without some tags: all that match the rest, less those of them with the tags,
    two counts the indexes answer, where counting what NOT IN lets through reads every ticket."""
    def count(where: list) -> int:
        return session.exec(select(func.count()).select_from(Ticket).where(*where)).one()
    return count(base) - (count([*base, Ticket.id.in_(without)]) if without is not None else 0)


def list_tickets(session: Session, *, actor: Actor, query: TicketQuery) -> TicketPage:
    require(actor, Action.view_ticket)
    base, without = _filters(session, actor, query)
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
