"""One change (status, priority, assignee, tags, watching) on many tickets: chosen by id, or all that
match a filter (and words). All or nothing: it is one transaction, each ticket goes through the same
use cases as a change made on its page (the permission checked on each, one history event per
change, the watchers told), and any refusal undoes the whole action."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlmodel import Session

from helpdesk_app.models import Tag, Ticket, TicketPriority, TicketStatus, TicketTag, TicketUpdate
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import pending_events, use_case
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.identity.access import visible_tickets
from helpdesk_app.services.search.finding import search_tickets
from helpdesk_app.services.tags import on_tickets
from helpdesk_app.services.tags.names import name_key
from helpdesk_app.services.tickets.change import update_ticket
from helpdesk_app.services.tickets.filters import ticket_filters
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.services.watchers import watching

MAX_TICKETS = 10_000
MAX_TAGS = 20


@dataclass
class BulkChange:
    status: TicketStatus | None = None
    priority: TicketPriority | None = None
    assignee_id: int | None = None
    set_assignee: bool = False  # assignee_id applies (None: unassign)
    add_tags: list[str] = field(default_factory=list)
    remove_tags: list[str] = field(default_factory=list)
    watch: bool | None = None  # the actor starts (True) or stops (False) watching

    def is_empty(self) -> bool:
        return (self.status is None and self.priority is None and not self.set_assignee and not self.add_tags
                and not self.remove_tags and self.watch is None)


@dataclass
class BulkResult:
    matched: int  # tickets the action was applied to
    changed: int  # of which something changed


def chosen_ids(session: Session, actor: Actor, *, ids: Sequence[int] | None, query: TicketQuery | None,
               q: str | None) -> list[int]:
    """The tickets the action applies to: the ids given (each must be one the actor sees), or every
    ticket matching the filter (and the words `q`), at most MAX_TICKETS."""
    if ids is not None:
        if not ids or len(ids) > MAX_TICKETS:
            raise InvalidInput({"ids": f"Choose between 1 and {MAX_TICKETS:,} tickets."})
        wanted = list(dict.fromkeys(ids))
        valid = [i for i in wanted if valid_id(i)]
        seen = set(session.execute(select(Ticket.id).where(Ticket.id.in_(valid), *visible_tickets(actor))).scalars())
        if missing := [i for i in wanted if i not in seen]:
            raise NotFound(f"Ticket {missing[0]} not found.")
        return wanted
    query = query or TicketQuery()
    q = q or query.q
    query.q = None
    if q:
        query.per_page, query.page = 100, 1
        found: list[int] = []
        while len(found) <= MAX_TICKETS:
            page = search_tickets(session, actor=actor, q=q, query=query)
            found += [hit.ticket.id for hit in page.items]
            if len(page.items) < query.per_page:
                break
            query.page += 1
    else:
        where, without = ticket_filters(session, actor, query)
        statement = select(Ticket.id).where(*where).order_by(Ticket.id).limit(MAX_TICKETS + 1)
        if without is not None:
            statement = statement.where(Ticket.id.not_in(without))
        found = list(session.execute(statement).scalars())
    if len(found) > MAX_TICKETS:
        raise InvalidInput({"filter": f"More than {MAX_TICKETS:,} tickets match: narrow the filter."})
    return found


def _check(change: BulkChange) -> None:
    if change.is_empty():
        raise InvalidInput({"change": "Choose what to change: status, priority, assignee, tags or watching."})
    if len(change.add_tags) > MAX_TAGS or len(change.remove_tags) > MAX_TAGS:
        raise InvalidInput({"change": f"Add or remove at most {MAX_TAGS} tags at once."})
    if any("\x00" in name for name in [*change.add_tags, *change.remove_tags]):
        raise InvalidInput({"change": "Remove the NUL character from the tag names."})


@use_case
def apply_change(session: Session, *, actor: Actor, ticket_ids: list[int], change: BulkChange,
                 progress: Callable[[int, int], None] = lambda _done, _total: None) -> BulkResult:
    """`progress(done, total)` every 100 tickets, while the transaction is still open."""
    require(actor, Action.bulk_edit)
    _check(change)
    already = len(pending_events(session))
    fields = {k: getattr(change, k) for k in ("status", "priority") if getattr(change, k) is not None}
    if change.set_assignee:
        fields["assignee_id"] = change.assignee_id
    update = TicketUpdate(**fields) if fields else None
    remove = _tag_ids(session, change.remove_tags)
    # Every ticket loaded up front, a thousand a query, and held (the identity map keeps only what is
    # referenced): each use case below then finds its ticket without a round trip.
    held = [t for start in range(0, len(ticket_ids), 1000)
            for t in session.scalars(select(Ticket).where(Ticket.id.in_(ticket_ids[start:start + 1000])))]
    for done, ticket_id in enumerate(ticket_ids, start=1):
        if update is not None:
            update_ticket(session, actor=actor, ticket_id=ticket_id, changes=update)
        for name in change.add_tags:
            on_tickets.add_tag(session, actor=actor, ticket_id=ticket_id, name=name)
        for tag_id in _carried(session, ticket_id, remove):
            on_tickets.remove_tag(session, actor=actor, ticket_id=ticket_id, tag_id=tag_id)
        if change.watch is True:
            watching.add_watcher(session, actor=actor, ticket_id=ticket_id, user_id=actor.id)
        elif change.watch is False:
            watching.remove_watcher(session, actor=actor, ticket_id=ticket_id, user_id=actor.id)
        if done % 100 == 0 or done == len(ticket_ids):
            progress(done, len(ticket_ids))
    del held
    changed = {e.ticket_id for e in pending_events(session)[already:] if e.ticket_id is not None}
    return BulkResult(matched=len(ticket_ids), changed=len(changed))


def _carried(session: Session, ticket_id: int, tag_ids: list[int]) -> list[int]:
    """Those of the tags the ticket carries (removing one it does not carry is no change, not an error)."""
    if not tag_ids:
        return []
    return list(session.execute(select(TicketTag.tag_id).where(TicketTag.ticket_id == ticket_id,
                                                               TicketTag.tag_id.in_(tag_ids))).scalars())


def _tag_ids(session: Session, names: list[str]) -> list[int]:
    keys = {name_key(n) for n in names}
    return list(session.execute(select(Tag.id).where(Tag.name_key.in_(keys))).scalars()) if keys else []

