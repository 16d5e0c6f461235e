"""GET /search: words with the list's filters beside them."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import READ, answers
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.api.ticket_query import SORT_VALUES, TicketFilterParams
from helpdesk_app.models import TicketPublic
from helpdesk_app.services.search.finding import RELEVANCE, search_tickets
from helpdesk_app.services.search.snippets import as_html
from helpdesk_app.services.search.syntax import MAX_QUERY

router = APIRouter(prefix=PREFIX, tags=["search"])
_Q_HELP = ('Words (all must match), "an exact phrase", -word to leave out tickets that mention it, word* for '
           "a prefix. Anything else is read as plain words; nothing to search for is a 422.")


class SearchHit(BaseModel):
    ticket: TicketPublic
    part: str = Field(description="Where it matched: subject, description, requester, reply, note (agents) or file.")
    reply_id: int | None
    reply_number: int | None = Field(description="The reply's or note's place in the conversation, from 1.")
    attachment_id: int | None
    snippet: str = Field(description="HTML: the text around the match, escaped, the matching words in <mark>.")


class SearchResults(BaseModel):
    items: list[SearchHit]
    total: int
    capped: bool = Field(description="As in the ticket list; a search counts every match, so always false.")
    page: int
    per_page: int


@router.get("/search", response_model=SearchResults, responses=answers(*READ))
def get_search(
    user: CurrentUser, session: DB, query: TicketFilterParams,
    q: Annotated[str, Query(description=_Q_HELP, json_schema_extra={"maxLength": MAX_QUERY})],
    sort: Annotated[str, Query(description="relevance, or a field of the list (prefix `-` for descending).",
                               json_schema_extra={"enum": [RELEVANCE, *SORT_VALUES]})] = RELEVANCE,
) -> SearchResults:
    query.sort = sort
    page = search_tickets(session, actor=user, q=q, query=query)
    items = [SearchHit(ticket=h.ticket, part=h.part, reply_id=h.reply_id, reply_number=h.reply_number,
                       attachment_id=h.attachment_id, snippet=as_html(h.segments)) for h in page.items]
    return SearchResults(items=items, total=page.total, capped=page.capped, page=page.page, per_page=page.per_page)
