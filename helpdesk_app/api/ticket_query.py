"""The ticket list's filter and sort as query parameters: dependencies for /tickets and /search.

Each parameter documents the services' rule (services/tickets/filters.py) as a pattern.
"""

from typing import Annotated

from fastapi import Depends, Query

from helpdesk_app.api.contract import one_of, page_query, per_page_query
from helpdesk_app.api.tag_routes import NO_NUL
from helpdesk_app.models import TicketPriority, TicketStatus
from helpdesk_app.services.search.syntax import MAX_QUERY
from helpdesk_app.services.tags.filters import TagMatch
from helpdesk_app.services.tickets import cursors, moments
from helpdesk_app.services.tickets.query import DEFAULT_SORT, MAX_LIST, MAX_PER_PAGE, MAX_REQUESTER, SORTS, TicketQuery

SORT_VALUES = [f"{sign}{name}" for name in SORTS for sign in ("", "-")]


def any_of(values) -> dict:
    choice = "|".join(values)
    return {"pattern": f"^$|^({choice})(,({choice}))*$", "maxLength": MAX_LIST}


def _range(what: str, bound: str):
    word = "from (inclusive)" if bound == "from" else "up to (exclusive; a date: to the end of that day)"
    return Query(description=f"{what} {word}: a date, an ISO time (UTC unless it says), or a span back "
                             "from now such as `24h`, `7d`, `2w`.", json_schema_extra={"pattern": moments.PATTERN})


def _ticket_filter(
    status: Annotated[str | None, Query(description="Statuses, comma-separated: any of them.",
                                        json_schema_extra=any_of(TicketStatus))] = None,
    priority: Annotated[str | None, Query(description="Priorities, comma-separated: any of them.",
                                          json_schema_extra=any_of(TicketPriority))] = None,
    assignee_id: Annotated[str | None, Query(
        description="User ids, `me` and `none`, comma-separated: assigned to any of them (an id of nobody's "
                    "matches no ticket).", json_schema_extra=any_of(["me", "none", "[0-9]+"]))] = None,
    requester: Annotated[str | None, Query(description="Part of the requester's name or email, any case.",
                                           json_schema_extra={"maxLength": MAX_REQUESTER, **NO_NUL})] = None,
    tags: Annotated[str | None, Query(
        description="Tag names, comma-separated (agents only): tickets with any or all of them (`tags_match`).",
        json_schema_extra=NO_NUL)] = None,
    tags_match: Annotated[str, Query(json_schema_extra=one_of(TagMatch))] = TagMatch.any.value,
    not_tags: Annotated[str | None, Query(
        description="Tag names, comma-separated (agents only): tickets with none of them.",
        json_schema_extra=NO_NUL)] = None,
    watched_by: Annotated[str | None, Query(description="`me`: the tickets the caller watches (agents only).",
                                            json_schema_extra={"enum": ["me"]})] = None,
    has_attachments: Annotated[bool | None, Query(
        description="With (true) or without (false) files the caller may see.")] = None,
    unanswered: Annotated[bool | None, Query(
        description="true: no public reply from an agent yet; false: answered.")] = None,
    created_from: Annotated[str | None, _range("Created", "from")] = None,
    created_to: Annotated[str | None, _range("Created", "to")] = None,
    updated_from: Annotated[str | None, _range("Updated", "from")] = None,
    updated_to: Annotated[str | None, _range("Updated", "to")] = None,
    activity_from: Annotated[str | None, _range("Last activity", "from")] = None,
    activity_to: Annotated[str | None, _range("Last activity", "to")] = None,
    page: int = page_query(),
    per_page: int = per_page_query(25, MAX_PER_PAGE),
) -> TicketQuery:
    return TicketQuery(status=status, priority=priority, assignee_id=assignee_id, requester=requester, tags=tags,
                       tags_match=tags_match, not_tags=not_tags, watched_by=watched_by,
                       has_attachments=has_attachments, unanswered=unanswered,
                       created_from=created_from, created_to=created_to, updated_from=updated_from,
                       updated_to=updated_to, activity_from=activity_from, activity_to=activity_to,
                       page=page, per_page=per_page)


TicketFilterParams = Annotated[TicketQuery, Depends(_ticket_filter)]  # words and sort are the caller's to add


def _ticket_query(
    query: TicketFilterParams,
    q: Annotated[str | None, Query(description="Words, as GET /search takes them: the list becomes a search "
                                   "in its own sort.", json_schema_extra={"maxLength": MAX_QUERY})] = None,
    sort: Annotated[str, Query(description="Field, prefix `-` for descending.",
                               json_schema_extra=one_of(SORT_VALUES))] = DEFAULT_SORT,
    after: Annotated[str | None, Query(
        description="A page's `next_cursor`: the page after it, however deep, at the cost of the first (with "
                    "the same filter and sort; `page` is then only echoed). Not with `q`.",
        json_schema_extra={"pattern": f"^$|{cursors.PATTERN}"})] = None,
) -> TicketQuery:
    query.q, query.sort, query.after = q, sort, after
    return query


TicketQueryParams = Annotated[TicketQuery, Depends(_ticket_query)]
