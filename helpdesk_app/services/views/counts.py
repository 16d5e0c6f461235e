"""Every view of an agent with how many tickets it holds, in one call.

Each count stops at COUNT_CAP: past it the left column says "10,000+", so a count costs at most that
many index entries however large the table grows (counting a million rows per view per refresh
would not stay fast).
"""

from dataclasses import dataclass, replace

from sqlmodel import Session

from helpdesk_app.models import SavedView, Ticket
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Actor
from helpdesk_app.services.search.finding import search_tickets
from helpdesk_app.services.tickets.filters import ticket_filters
from helpdesk_app.services.tickets.listing import COUNT_CAP, count_capped
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.services.views.library import list_views


@dataclass(frozen=True)
class ViewCount:
    view: SavedView
    count: int
    capped: bool  # at least COUNT_CAP: there are more


def capped_count(session: Session, actor: Actor, query: TicketQuery, cap: int = COUNT_CAP) -> tuple[int, bool]:
    if query.q and query.q.strip():  # a view with words: the search counts them
        found = search_tickets(session, actor=actor, q=query.q, query=replace(query, q=None, per_page=1))
        return min(found.total, cap), found.total >= cap
    where, without = ticket_filters(session, actor, query)
    if without is not None:
        where = [*where, Ticket.id.not_in(without)]
    count = count_capped(session, where, cap)
    return count, count >= cap


def view_counts(session: Session, *, actor: Actor) -> tuple[list[ViewCount], int | None]:
    views, default_id = list_views(session, actor=actor)
    counted = []
    for view in views:
        try:
            count, capped = capped_count(session, actor, TicketQuery(**view.filter))
        except (InvalidInput, TypeError):  # a filter kept from an older version: it matches nothing now
            count, capped = 0, False
        counted.append(ViewCount(view, count, capped))
    return counted, default_id
