"""What the ticket list is asked for: its filters, sort and page, as the URL and saved views spell them."""

from dataclasses import asdict, dataclass, fields

from helpdesk_app.models import Ticket

SORTS = {
    "last_activity_at": Ticket.last_activity_at,
    "created_at": Ticket.created_at,
    "updated_at": Ticket.updated_at,
    "priority": Ticket.priority,
    "number": Ticket.number,
}
DEFAULT_SORT = "-last_activity_at"
MAX_PER_PAGE = 100
MAX_LIST = 1000  # characters of a comma-separated filter value (ids, statuses)
MAX_REQUESTER = 200
RANGES = ("created", "updated", "activity")  # created_from/_to, updated_from/_to, activity_from/_to


@dataclass
class TicketQuery:
    status: str | None = None  # statuses, comma-separated: any of them
    priority: str | None = None  # priorities, comma-separated
    assignee_id: str | None = None  # user ids, "me" and "none", comma-separated: any of them
    requester: str | None = None  # part of the requester's name or email
    q: str | None = None  # words, as the search box takes them (services/search/syntax.py)
    tags: str | None = None  # names, comma-separated (agents only)
    tags_match: str = "any"  # any | all of `tags`
    not_tags: str | None = None  # none of these
    watched_by: str | None = None  # "me": the tickets the caller watches (agents)
    has_attachments: bool | None = None  # with (True) or without (False) files the caller may see
    unanswered: bool | None = None  # True: no public reply from an agent yet
    created_from: str | None = None  # each range: a date, a moment or a span back from now (moments.py)
    created_to: str | None = None
    updated_from: str | None = None
    updated_to: str | None = None
    activity_from: str | None = None
    activity_to: str | None = None
    sort: str = DEFAULT_SORT
    page: int = 1
    per_page: int = 25
    after: str | None = None  # a page's next_cursor: the rows after its last one (then `page` is only shown)


PAGING = ("page", "per_page", "after")
FILTER_FIELDS = tuple(f.name for f in fields(TicketQuery) if f.name not in PAGING)


def as_filter(query: TicketQuery) -> dict:
    """The filter and sort that differ from the defaults (an empty text is no filter): what a saved view
    keeps and a URL shows."""
    defaults = TicketQuery()
    return {k: v for k, v in asdict(query).items() if k in FILTER_FIELDS and v != getattr(defaults, k) and v != ""}
