"""The ticket list's filter as the address spells it, and back: what makes a link, a reload or the back
button give the same list. The names are GET /tickets' (services/tickets/query.py); `assignee` is
still read, as links made before the list took several assignees used it."""

from helpdesk_app.services.tags.filters import split_names
from helpdesk_app.services.tickets.query import FILTER_FIELDS, TicketQuery, as_filter

FLAGS = ("has_attachments", "unanswered")
SHOWN = ("status", "priority", "assignee_id", "requester", "q", "tags", "tags_match", "not_tags", "watched_by",
         *FLAGS, "created_from", "updated_from", "sort")
WITHIN = ("24h", "7d", "30d")  # the list's "created/updated in the last ..." choices


def query_from(params: dict[str, str]) -> TicketQuery:
    """Every filter field the address names (unknown names are ignored; bad values are the list's to refuse)."""
    values: dict = {}
    for name in FILTER_FIELDS:
        raw = params.get(name)
        if raw is None and name == "assignee_id":
            raw = params.get("assignee")
        if raw is None or raw == "":
            continue
        values[name] = raw.lower() == "true" if name in FLAGS else raw
    return TicketQuery(**values)


def params_of(query: TicketQuery) -> dict[str, str]:
    return {k: ("true" if v else "false") if isinstance(v, bool) else str(v) for k, v in as_filter(query).items()}


def choices(raw: str | None) -> list[str]:
    return split_names(raw)


def hidden_filters(query: TicketQuery) -> dict[str, str]:
    """What the address holds that the filter bar has no control for (a range's end, say): kept as is."""
    kept = params_of(query)
    hidden = {k: v for k, v in kept.items() if k not in SHOWN}
    for name in ("created_from", "updated_from"):
        if name in kept and kept[name] not in WITHIN:
            hidden[name] = kept[name]
    return hidden
