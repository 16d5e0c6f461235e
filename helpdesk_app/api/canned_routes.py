"""Canned replies under /canned-replies (agents; a customer is answered 404, as if none existed)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import READ, WRITE, answers, one_of, page_query, per_page_query, text
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models import CannedReplyPublic, CannedScope
from helpdesk_app.models.canned_reply import CANNED_BODY_MAX, CANNED_TITLE_MAX
from helpdesk_app.models.ticket import AN_ID
from helpdesk_app.services.canned import library
from helpdesk_app.services.canned.library import MAX_PER_PAGE, MAX_SEARCH

router = APIRouter(prefix=PREFIX, tags=["canned replies"])
_BODY_HELP = ("Text with variables such as {{ ticket.number }} or {{ customer.first_name | default(\"there\") }}; "
              "an unknown variable, a loop or another filter is refused with its line.")


class CannedList(BaseModel):
    items: list[CannedReplyPublic]
    total: int
    page: int
    per_page: int


class CannedCreate(BaseModel):
    title: str = Field(json_schema_extra=text(CANNED_TITLE_MAX))
    body: str = Field(description=_BODY_HELP, json_schema_extra=text(CANNED_BODY_MAX))
    scope: CannedScope = Field(default=CannedScope.personal, description="shared: admins only.")


class CannedPatch(BaseModel):
    title: str | None = Field(default=None, json_schema_extra=text(CANNED_TITLE_MAX))
    body: str | None = Field(default=None, description=_BODY_HELP, json_schema_extra=text(CANNED_BODY_MAX))


class RenderRequest(BaseModel):
    ticket_id: int = Field(strict=True, json_schema_extra=AN_ID)


class Rendered(BaseModel):
    text: str


@router.get("/canned-replies", response_model=CannedList, responses=answers(*READ, 404))
def get_canned_replies(
    user: CurrentUser, session: DB,
    q: Annotated[str, Query(description="Words in the title or the text, any case.",
                            json_schema_extra={"maxLength": MAX_SEARCH, "pattern": "^[^\\x00]*$"})] = "",
    scope: Annotated[str, Query(json_schema_extra=one_of(CannedScope, empty_means_any=True))] = "",
    page: int = page_query(), per_page: int = per_page_query(25, MAX_PER_PAGE),
) -> CannedList:
    items, total = library.list_canned(session, actor=user, q=q, scope=scope, page=page, per_page=per_page)
    return CannedList(items=items, total=total, page=page, per_page=per_page)


@router.post("/canned-replies", response_model=CannedReplyPublic, status_code=201, responses=answers(*WRITE, 404))
def post_canned_reply(body: CannedCreate, user: CurrentUser, session: DB) -> CannedReplyPublic:
    return library.canned_public(library.create_canned(session, actor=user, **body.model_dump()))


@router.get("/canned-replies/{canned_id}", response_model=CannedReplyPublic, responses=answers(*READ, 404))
def get_canned_reply(canned_id: int, user: CurrentUser, session: DB) -> CannedReplyPublic:
    return library.canned_public(library.get_canned(session, actor=user, canned_id=canned_id))


@router.patch("/canned-replies/{canned_id}", response_model=CannedReplyPublic, responses=answers(*WRITE, 404))
def patch_canned_reply(canned_id: int, body: CannedPatch, user: CurrentUser, session: DB) -> CannedReplyPublic:
    changed = library.update_canned(session, actor=user, canned_id=canned_id, title=body.title, body=body.body)
    return library.canned_public(changed)


@router.delete("/canned-replies/{canned_id}", status_code=204, responses=answers(401, 403, 404, 422))
def delete_canned_reply(canned_id: int, user: CurrentUser, session: DB) -> Response:
    library.delete_canned(session, actor=user, canned_id=canned_id)
    return Response(status_code=204)


@router.post("/canned-replies/{canned_id}/copy", response_model=CannedReplyPublic, status_code=201,
             responses=answers(401, 403, 404, 422))
def copy_canned_reply(canned_id: int, user: CurrentUser, session: DB) -> CannedReplyPublic:
    """A personal copy of a canned reply (a shared one, to make it one's own)."""
    return library.canned_public(library.copy_canned(session, actor=user, canned_id=canned_id))


@router.post("/canned-replies/{canned_id}/render", response_model=Rendered, responses=answers(*WRITE, 404))
def render_canned_reply(canned_id: int, body: RenderRequest, user: CurrentUser, session: DB) -> Rendered:
    """The text with its variables filled in for that ticket and the caller."""
    return Rendered(text=library.render_for_ticket(session, actor=user, canned_id=canned_id, ticket_id=body.ticket_id))
