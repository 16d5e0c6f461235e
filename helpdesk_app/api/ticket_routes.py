"""Tickets and their replies under /tickets."""

from typing import Annotated

from fastapi import APIRouter
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import FILES, READ, WRITE, answers, page_query, per_page_query, text
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.intake_routes import MULTIPART_REPLY, MULTIPART_TICKET
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models.ticket import AN_ID
from helpdesk_app.models import ReplyPublic, TicketCreate, TicketPublic, TicketUpdate
from helpdesk_app.services.conversation import replies
from helpdesk_app.services import tickets
from helpdesk_app.services.conversation.presenters import replies_public
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.services.conversation.replies import BODY_MAX
from helpdesk_app.api.ticket_query import TicketQueryParams
from helpdesk_app.services.tickets.listing import list_tickets

router = APIRouter(prefix=PREFIX, tags=["tickets"])


class TicketList(BaseModel):
    items: list[TicketPublic]
    total: int = Field(description="How many match, counted up to 10,000 (see `capped`).")
    page: int
    per_page: int
    capped: bool = Field(default=False, description="The count stopped at 10,000: there are more.")
    next_cursor: str | None = Field(default=None, description="`after` for the next page; null on the last.")


class ReplyList(BaseModel):
    items: list[ReplyPublic]
    total: int
    page: int
    per_page: int


class ReplyCreate(BaseModel):
    body: str = Field(json_schema_extra=text(BODY_MAX))
    internal: bool = Field(default=False, strict=True)  # an internal note: agents only
    canned_reply_ids: list[Annotated[int, Field(strict=True, ge=1, le=AN_ID["maximum"])]] = Field(
        default_factory=list, max_length=20,
        description="Canned replies inserted into the body (agents): each counts as used once more.")


@router.get("/tickets", response_model=TicketList, responses=answers(*READ))
def get_tickets(user: CurrentUser, session: DB, query: TicketQueryParams) -> TicketList:
    result = list_tickets(session, actor=user, query=query)
    return TicketList(items=result.items, total=result.total, page=result.page, per_page=result.per_page,
                      capped=result.capped, next_cursor=result.next_cursor)


@router.post("/tickets", response_model=TicketPublic, status_code=201, responses=answers(*FILES),
             openapi_extra={"requestBody": {"content": {"multipart/form-data": MULTIPART_TICKET}}})
def post_ticket(body: TicketCreate, user: CurrentUser, session: DB) -> TicketPublic:
    ticket = tickets.create_ticket(session, actor=user, data=body)
    return tickets_public(session, [ticket], user)[0]


@router.get("/tickets/{ticket_id}", response_model=TicketPublic, responses=answers(*READ, 404))
def get_ticket(ticket_id: int, user: CurrentUser, session: DB) -> TicketPublic:
    return tickets_public(session, [tickets.get_visible(session, actor=user, ticket_id=ticket_id)], user)[0]


@router.patch("/tickets/{ticket_id}", response_model=TicketPublic, responses=answers(*WRITE, 404))
def patch_ticket(ticket_id: int, body: TicketUpdate, user: CurrentUser, session: DB) -> TicketPublic:
    ticket = tickets.update_ticket(session, actor=user, ticket_id=ticket_id, changes=body)
    return tickets_public(session, [ticket], user)[0]


@router.get("/tickets/{ticket_id}/replies", response_model=ReplyList, responses=answers(*READ, 404))
def get_replies(
    ticket_id: int, user: CurrentUser, session: DB,
    page: int = page_query(), per_page: int = per_page_query(50),
) -> ReplyList:
    items, total = replies.list_replies(session, actor=user, ticket_id=ticket_id, page=page, per_page=per_page)
    return ReplyList(items=items, total=total, page=page, per_page=per_page)


@router.post("/tickets/{ticket_id}/replies", response_model=ReplyPublic, status_code=201, responses=answers(*FILES),
             openapi_extra={"requestBody": {"content": {"multipart/form-data": MULTIPART_REPLY}}})
def post_reply(ticket_id: int, body: ReplyCreate, user: CurrentUser, session: DB) -> ReplyPublic:
    reply = replies.add_reply(session, actor=user, ticket_id=ticket_id, body=body.body, internal=body.internal,
                              canned_ids=body.canned_reply_ids)
    return replies_public(session, [reply])[0]
