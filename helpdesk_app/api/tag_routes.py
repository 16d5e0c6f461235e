"""Tags under /tags (the catalogue) and /tickets/{id}/tags (a ticket's). Agents only: a customer is
answered 404, as if there were no tags at all."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import READ, WRITE, answers, page_query, per_page_query
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models import TagPublic, TagRef
from helpdesk_app.models.tag import TAG_DESCRIPTION_MAX, TAG_NAME_MAX
from helpdesk_app.models.ticket import AN_ID, WHITE_SPACE
from helpdesk_app.services.tags import catalog, on_tickets
from helpdesk_app.services.tags.catalog import MAX_PER_PAGE, TagChanges
from helpdesk_app.services.tags.names import CONTROL, DEFAULT_COLOR, PALETTE

router = APIRouter(prefix=PREFIX, tags=["tags"])

_ALLOWED = f"[^,{CONTROL}]"
# names.name_error's rule: no comma, no control character, something besides white space.
NAME = {"minLength": 1, "maxLength": TAG_NAME_MAX, "pattern": f"^{_ALLOWED}*[^,{CONTROL}{WHITE_SPACE}]{_ALLOWED}*$"}
NO_NUL = {"pattern": "^[^\\x00]*$"}
COLOR = {"enum": list(PALETTE)}
COLOR_OR_KEEP = {"enum": [*PALETTE, None]}  # a PATCH's null leaves the colour as it is


class TagList(BaseModel):
    items: list[TagPublic]
    total: int
    page: int
    per_page: int


class TagCreate(BaseModel):
    name: str = Field(json_schema_extra=NAME)
    color: str = Field(default=DEFAULT_COLOR, json_schema_extra=COLOR)
    description: str | None = Field(default=None, json_schema_extra={"maxLength": TAG_DESCRIPTION_MAX, **NO_NUL})


class TagPatch(BaseModel):
    name: str | None = Field(default=None, json_schema_extra=NAME)
    color: str | None = Field(default=None, json_schema_extra=COLOR_OR_KEEP)
    description: str | None = Field(default=None, description="An empty one clears it.",
                                    json_schema_extra={"maxLength": TAG_DESCRIPTION_MAX, **NO_NUL})


class TagMerge(BaseModel):
    into_id: int = Field(strict=True, json_schema_extra=AN_ID)


class TicketTagAdd(BaseModel):
    name: str = Field(json_schema_extra=NAME)


class TicketTagSet(BaseModel):
    names: list[Annotated[str, Field(json_schema_extra=NAME)]] = Field(
        json_schema_extra={"maxItems": on_tickets.MAX_TAGS_PER_TICKET})


@router.get("/tags", response_model=TagList, responses=answers(*READ, 404))
def get_tags(
    user: CurrentUser, session: DB,
    q: Annotated[str, Query(description="A prefix of the name, any case.", json_schema_extra=NO_NUL)] = "",
    page: int = page_query(), per_page: int = per_page_query(50, MAX_PER_PAGE),
) -> TagList:
    items, total = catalog.list_tags(session, actor=user, q=q, page=page, per_page=per_page)
    return TagList(items=items, total=total, page=page, per_page=per_page)


@router.post("/tags", response_model=TagPublic, status_code=201, responses=answers(*WRITE, 404, 409))
def post_tag(body: TagCreate, user: CurrentUser, session: DB) -> TagPublic:
    return catalog.tag_public(catalog.create_tag(session, actor=user, **body.model_dump()))


@router.get("/tags/{tag_id}", response_model=TagPublic, responses=answers(*READ, 404))
def get_tag(tag_id: int, user: CurrentUser, session: DB) -> TagPublic:
    return catalog.tag_public(catalog.get_tag(session, actor=user, tag_id=tag_id))


@router.patch("/tags/{tag_id}", response_model=TagPublic, responses=answers(*WRITE, 404, 409))
def patch_tag(tag_id: int, body: TagPatch, user: CurrentUser, session: DB) -> TagPublic:
    changed = catalog.update_tag(session, actor=user, tag_id=tag_id, changes=TagChanges(**body.model_dump()))
    return catalog.tag_public(changed)


@router.delete("/tags/{tag_id}", status_code=204, responses=answers(401, 403, 404, 422))
def delete_tag(tag_id: int, user: CurrentUser, session: DB) -> Response:
    catalog.delete_tag(session, actor=user, tag_id=tag_id)
    return Response(status_code=204)


@router.post("/tags/{tag_id}/merge", response_model=TagPublic, responses=answers(*WRITE, 404))
def merge_tag(tag_id: int, body: TagMerge, user: CurrentUser, session: DB) -> TagPublic:
    """Every ticket with this tag gets `into_id` instead (once); this tag is deleted. Answers the other."""
    return catalog.tag_public(catalog.merge_tag(session, actor=user, tag_id=tag_id, into_id=body.into_id))


@router.get("/tickets/{ticket_id}/tags", response_model=list[TagRef], responses=answers(*READ, 404))
def get_ticket_tags(ticket_id: int, user: CurrentUser, session: DB) -> list[TagRef]:
    return on_tickets.ticket_tags(session, actor=user, ticket_id=ticket_id)


@router.post("/tickets/{ticket_id}/tags", response_model=TagRef, responses=answers(*WRITE, 404))
def post_ticket_tag(ticket_id: int, body: TicketTagAdd, user: CurrentUser, session: DB) -> TagRef:
    """Adds the tag of that name (any case), creating it if it is new and the caller may create tags."""
    return on_tickets.add_tag(session, actor=user, ticket_id=ticket_id, name=body.name)


@router.put("/tickets/{ticket_id}/tags", response_model=list[TagRef], responses=answers(*WRITE, 404))
def put_ticket_tags(ticket_id: int, body: TicketTagSet, user: CurrentUser, session: DB) -> list[TagRef]:
    return on_tickets.set_tags(session, actor=user, ticket_id=ticket_id, names=body.names)


@router.delete("/tickets/{ticket_id}/tags/{tag_id}", status_code=204, responses=answers(401, 403, 404, 422))
def delete_ticket_tag(ticket_id: int, tag_id: int, user: CurrentUser, session: DB) -> Response:
    on_tickets.remove_tag(session, actor=user, ticket_id=ticket_id, tag_id=tag_id)
    return Response(status_code=204)
