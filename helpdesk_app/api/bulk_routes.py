"""POST /tickets/bulk: one change on many tickets, chosen by id or by filter (agents)."""

from typing import Annotated

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field, model_validator

from helpdesk_app.api.contract import WRITE, answers
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.api.tag_routes import NO_NUL
from helpdesk_app.api.view_routes import ViewFilter
from helpdesk_app.models import TicketPriority, TicketStatus
from helpdesk_app.models.tag import TAG_NAME_MAX
from helpdesk_app.models.ticket import AN_ID
from helpdesk_app.services.bulk.actions import MAX_TAGS, MAX_TICKETS, BulkChange, apply_change, chosen_ids
from helpdesk_app.services.search.syntax import MAX_QUERY
from helpdesk_app.services.tickets.query import TicketQuery

router = APIRouter(prefix=PREFIX, tags=["tickets"])
_ID = Annotated[int, Field(strict=True, **{"ge": AN_ID["minimum"], "le": AN_ID["maximum"]})]
_TAG = Annotated[str, Field(min_length=1, max_length=TAG_NAME_MAX, json_schema_extra=NO_NUL)]


class Change(BaseModel):
    model_config = ConfigDict(extra="forbid")

    status: TicketStatus | None = None
    priority: TicketPriority | None = None
    assignee_id: int | None = Field(default=None, strict=True, json_schema_extra=AN_ID,
                                    description="An active agent's id; null (sent) unassigns; left out: unchanged.")
    add_tags: list[_TAG] = Field(default_factory=list, max_length=MAX_TAGS)
    remove_tags: list[_TAG] = Field(default_factory=list, max_length=MAX_TAGS)
    watch: bool | None = Field(default=None, strict=True, description="The caller starts (true) or stops watching.")


class BulkRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    ids: list[_ID] | None = Field(default=None, min_length=1, max_length=MAX_TICKETS,
                                  description="The tickets; or leave out and send `filter` (and `q`).")
    filter: ViewFilter | None = Field(default=None, description="Every ticket the list shows with this filter.")
    q: str | None = Field(default=None, max_length=MAX_QUERY, description="With `filter`: words, as GET /search.")
    change: Change

    @model_validator(mode="after")
    def _one_way(self):
        if (self.ids is None) == (self.filter is None):
            raise ValueError("Send either ids or filter.")
        return self


class BulkSummary(BaseModel):
    matched: int = Field(description="Tickets the change was applied to.")
    changed: int = Field(description="Of which something changed (the rest were already so).")


@router.api_route("/tickets/bulk", methods=["GET", "PUT", "PATCH", "DELETE", "OPTIONS"],
                  include_in_schema=False)
def bulk_other_methods() -> Response:
    """Only POST: without this, the path would fall to /tickets/{ticket_id} and answer that "bulk" is no id."""
    return Response(status_code=405, headers={"Allow": "POST"})


@router.post("/tickets/bulk", response_model=BulkSummary, responses=answers(*WRITE, 404))
def post_bulk(body: BulkRequest, user: CurrentUser, session: DB) -> BulkSummary:
    """All or nothing: each ticket is checked and changed as on its page (history, watchers told); any
    refusal leaves every ticket as it was. At most 10,000 tickets."""
    query = TicketQuery(**body.filter.kept()) if body.filter is not None else None
    ids = chosen_ids(session, user, ids=body.ids, query=query, q=body.q)
    change = body.change
    result = apply_change(session, actor=user, ticket_ids=ids, change=BulkChange(
        status=change.status, priority=change.priority, assignee_id=change.assignee_id,
        set_assignee="assignee_id" in change.model_fields_set, add_tags=change.add_tags,
        remove_tags=change.remove_tags, watch=change.watch))
    return BulkSummary(matched=result.matched, changed=result.changed)
