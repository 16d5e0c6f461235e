"""Saved views under /views (agents; a customer is answered 404, as if none existed)."""

from fastapi import APIRouter, Response
from pydantic import BaseModel, ConfigDict, Field

from helpdesk_app.api.contract import READ, WRITE, answers, one_of, text
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.api.tag_routes import NO_NUL
from helpdesk_app.api.ticket_query import SORT_VALUES, any_of
from helpdesk_app.models import TicketPriority, TicketStatus, ViewPublic
from helpdesk_app.models.saved_view import VIEW_NAME_MAX
from helpdesk_app.services.tags.filters import TagMatch
from helpdesk_app.services.tickets import moments
from helpdesk_app.services.search.syntax import MAX_QUERY
from helpdesk_app.services.tickets.query import MAX_REQUESTER
from helpdesk_app.services.views import counts, library
from helpdesk_app.services.views.checks import MAX_POSITION

router = APIRouter(prefix=PREFIX, tags=["views"])
_WHEN = {"pattern": moments.PATTERN}
_POSITION = {"minimum": -MAX_POSITION, "maximum": MAX_POSITION}


class ViewFilter(BaseModel):
    """The list's filter and sort, as GET /tickets takes them (see its parameters)."""

    model_config = ConfigDict(extra="forbid")

    status: str | None = Field(default=None, json_schema_extra=any_of(TicketStatus))
    priority: str | None = Field(default=None, json_schema_extra=any_of(TicketPriority))
    assignee_id: str | None = Field(default=None, json_schema_extra=any_of(["me", "none", "[0-9]+"]))
    requester: str | None = Field(default=None, json_schema_extra={"maxLength": MAX_REQUESTER, **NO_NUL})
    q: str | None = Field(default=None, json_schema_extra={"maxLength": MAX_QUERY},
                          description="Words, as GET /search takes them.")
    tags: str | None = Field(default=None, json_schema_extra=NO_NUL)
    tags_match: str | None = Field(default=None, json_schema_extra=one_of(TagMatch))
    not_tags: str | None = Field(default=None, json_schema_extra=NO_NUL)
    watched_by: str | None = Field(default=None, json_schema_extra={"enum": ["me"]})
    has_attachments: bool | None = Field(default=None, strict=True)
    unanswered: bool | None = Field(default=None, strict=True)
    created_from: str | None = Field(default=None, json_schema_extra=_WHEN)
    created_to: str | None = Field(default=None, json_schema_extra=_WHEN)
    updated_from: str | None = Field(default=None, json_schema_extra=_WHEN)
    updated_to: str | None = Field(default=None, json_schema_extra=_WHEN)
    activity_from: str | None = Field(default=None, json_schema_extra=_WHEN)
    activity_to: str | None = Field(default=None, json_schema_extra=_WHEN)
    sort: str | None = Field(default=None, json_schema_extra=one_of(SORT_VALUES))

    def kept(self) -> dict:
        return {k: v for k, v in self.model_dump(exclude_unset=True).items() if v is not None}


class ViewCreate(BaseModel):
    name: str = Field(json_schema_extra=text(VIEW_NAME_MAX))
    filter: ViewFilter = Field(default_factory=ViewFilter)
    shared: bool = Field(default=False, strict=True, description="Everyone's view: admins only.")
    position: int | None = Field(default=None, strict=True, json_schema_extra=_POSITION,
                                 description="Its place among its kind (built-in and shared, or one's own); "
                                             "default: last.")


class ViewPatch(BaseModel):
    name: str | None = Field(default=None, json_schema_extra=text(VIEW_NAME_MAX))
    filter: ViewFilter | None = Field(default=None, description="Replaces the whole filter.")
    position: int | None = Field(default=None, strict=True, json_schema_extra=_POSITION)
    is_default: bool | None = Field(default=None, strict=True,
                                    description="The caller's own choice: /tickets opens with this view.")


class ViewList(BaseModel):
    items: list[ViewPublic]


class ViewCount(BaseModel):
    id: int
    count: int
    capped: bool = Field(description=f"The count stopped at {counts.COUNT_CAP:,}: there are more.")


class ViewCountList(BaseModel):
    items: list[ViewCount]


@router.get("/views", response_model=ViewList, responses=answers(401, 404))
def get_views(user: CurrentUser, session: DB) -> ViewList:
    """The built-in and shared views in their order, then the caller's own."""
    views, default_id = library.list_views(session, actor=user)
    return ViewList(items=[library.view_public(v, default_id) for v in views])


@router.get("/views/counts", response_model=ViewCountList, responses=answers(401, 404))
def get_view_counts(user: CurrentUser, session: DB) -> ViewCountList:
    """Every view of the caller with how many tickets it holds, in the order of GET /views."""
    counted, _ = counts.view_counts(session, actor=user)
    return ViewCountList(items=[ViewCount(id=c.view.id, count=c.count, capped=c.capped) for c in counted])


@router.post("/views", response_model=ViewPublic, status_code=201, responses=answers(*WRITE, 404))
def post_view(body: ViewCreate, user: CurrentUser, session: DB) -> ViewPublic:
    view = library.create_view(session, actor=user, name=body.name, filter=body.filter.kept(), shared=body.shared,
                               position=body.position)
    return library.view_public(view, None)


@router.get("/views/{view_id:int}", response_model=ViewPublic, responses=answers(*READ, 404))
def get_view(view_id: int, user: CurrentUser, session: DB) -> ViewPublic:
    view = library.get_view(session, actor=user, view_id=view_id)
    return library.view_public(view, view.id if library.is_default(session, user, view) else None)


@router.patch("/views/{view_id:int}", response_model=ViewPublic, responses=answers(*WRITE, 404))
def patch_view(view_id: int, body: ViewPatch, user: CurrentUser, session: DB) -> ViewPublic:
    changes = {"filter": body.filter.kept()} if body.filter is not None else {}
    view = library.update_view(session, actor=user, view_id=view_id, name=body.name, position=body.position,
                               make_default=body.is_default, **changes)
    return library.view_public(view, view.id if library.is_default(session, user, view) else None)


@router.delete("/views/{view_id:int}", status_code=204, responses=answers(401, 403, 404, 409, 422))
def delete_view(view_id: int, user: CurrentUser, session: DB) -> Response:
    """A personal view by its owner, a shared one by an admin; built-in views stay (409)."""
    library.delete_view(session, actor=user, view_id=view_id)
    return Response(status_code=204)
