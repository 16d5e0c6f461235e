"""Searching tickets: the words of `q` with any of the list's filters beside them, ranked by
relevance (or the list's sort), each result with where it matched and a snippet.

A ticket matches when one of its entries (its subject, description and requester; a reply; a
note; a file name) holds every included term; `-word` leaves out tickets any visible entry of
which mentions it. Customers search their own tickets only and never match or see notes.
"""

from dataclasses import dataclass, replace

from sqlalchemy import func, select
from sqlmodel import Session

from helpdesk_app.models import Ticket, TicketPublic
from helpdesk_app.services.common.policy import Action, Actor, can, require
from helpdesk_app.services.search import results
from helpdesk_app.services.search.matching import best_entries, matching
from helpdesk_app.services.search.snippets import Segment
from helpdesk_app.services.search.syntax import parse
from helpdesk_app.services.tickets.filters import ticket_filters
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.services.tickets.query import DEFAULT_SORT, SORTS, TicketQuery

RELEVANCE = "relevance"


@dataclass
class Hit:
    ticket: TicketPublic
    part: str  # subject, description, requester, reply, note or file
    reply_id: int | None
    reply_number: int | None  # the reply's place in the conversation the caller sees (1 = the first reply)
    attachment_id: int | None
    segments: list[Segment]


@dataclass
class SearchPage:
    items: list[Hit]
    total: int
    capped: bool  # always False: the page's own pass counts every match (the list's shape, whose count stops)
    page: int
    per_page: int


def search_tickets(session: Session, *, actor: Actor, q: str, query: TicketQuery) -> SearchPage:
    """`query.sort` may also be "relevance" (the default here)."""
    require(actor, Action.view_ticket)
    sort = query.sort
    parsed = parse(q)
    # The list checks the rest of the query; relevance is a sort only search has.
    where, without = ticket_filters(session, actor, replace(query, sort=DEFAULT_SORT) if sort == RELEVANCE else query)
    notes = can(actor, Action.view_internal_notes)
    best = best_entries(session, matching(session, parsed.include, notes=notes).subquery())
    # One pass: the page's tickets, each with its best entry, and how many match in all.
    statement = select(Ticket.id, best.c.entry_id, func.count().over()).join(best, best.c.ticket_id == Ticket.id)
    statement = statement.where(*where)
    if without is not None:
        statement = statement.where(Ticket.id.not_in(without))
    if parsed.exclude:
        mentioned = matching(session, parsed.exclude, notes=notes, any_of=True).subquery()
        statement = statement.where(Ticket.id.not_in(select(mentioned.c.ticket_id)))
    if sort == RELEVANCE:
        order = [best.c.score, Ticket.id.desc()]
    else:
        column = SORTS[sort.removeprefix("-")]
        order = [column.desc(), Ticket.id.desc()] if sort.startswith("-") else [column.asc(), Ticket.id.asc()]
    offset = (query.page - 1) * query.per_page
    page = session.execute(statement.order_by(*order).offset(offset).limit(query.per_page)).all()
    # Past the last page the window has no row to say it: count them (rare, and only then).
    total = page[0][2] if page else session.execute(select(func.count()).select_from(statement.subquery())).scalar_one()
    ids = [row[0] for row in page]
    rows = {t.id: t for t in session.scalars(select(Ticket).where(Ticket.id.in_(ids)))} if ids else {}
    tickets = tickets_public(session, [rows[i] for i in ids], actor)
    places = results.where_matched(session, parsed, {row[0]: row[1] for row in page}, notes=notes)
    items = [Hit(t, *places[t.id]) for t in tickets]
    return SearchPage(items, total, False, query.page, query.per_page)

