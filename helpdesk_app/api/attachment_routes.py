"""Attachments: upload (multipart `files`), list, metadata, download, delete."""

from fastapi import APIRouter, Request, Response
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from helpdesk_app import runtime
from helpdesk_app.api.contract import FILES, READ, answers, files, page_query, per_page_query
from helpdesk_app.api.deps import DB, CurrentUser, access_on_loop, current_user, quick_read, request_token
from helpdesk_app.api.download import INLINE_TYPES, download_response, thumbnail_response
from helpdesk_app.api.multipart_files import file_pieces
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.api.streamed_upload import services, streamed
from helpdesk_app.db import new_session
from helpdesk_app.models import AttachmentPublic
from helpdesk_app.services.attachments import deletion, listing, thumbnails
from helpdesk_app.services.attachments.download import downloadable
from helpdesk_app.services.attachments.upload import UploadTarget, resolve_target, upload
from helpdesk_app.services.common.policy import Action
from helpdesk_app.services.identity.access import Caller
from helpdesk_app.services.tickets import check_visible

router = APIRouter(prefix=PREFIX, tags=["attachments"])
# The body is parsed by the route itself, as it streams in (api/multipart_files.py), so FastAPI
# is told its shape here rather than through a `list[UploadFile]` parameter, which would spool it.
UPLOAD_BODY = {"requestBody": {"required": True, "content": {"multipart/form-data": {"schema": {
    "type": "object", "title": "AttachmentUpload", "required": ["files"], "properties": {"files": files(1)},
}}}}}


class AttachmentList(BaseModel):
    items: list[AttachmentPublic]
    total: int
    page: int
    per_page: int


class UploadedAttachments(BaseModel):
    items: list[AttachmentPublic]


UPLOADED = {201: {"model": UploadedAttachments, "description": "The new attachments, every file of the request."}}
_BINARY = {"schema": {"type": "string", "format": "binary"}}
# A download is application/octet-stream, or with inline=true its own type for those shown in place.
FILE_BODY = {"content": {kind: _BINARY for kind in ["application/octet-stream", *sorted(INLINE_TYPES)]}}


def _list(session, rows, total: int, page: int, per_page: int) -> AttachmentList:
    return AttachmentList(items=listing.attachments_public(session, rows), total=total, page=page,
                          per_page=per_page)


async def _ticket_uploader(request: Request, ticket_id: int) -> tuple[Caller, UploadTarget, tuple[int, int]]:
    """Who uploads to the ticket, and its usage: one statement (the access lookup), on the event loop
    where the database is local (as the download's). 401, then 403, then 404, as every route."""
    found = await access_on_loop(request, ticket_id=ticket_id, usage=True)
    target = UploadTarget(check_visible(found.caller, found.ticket, Action.add_attachment), None)
    return found.caller, target, found.usage


async def _upload(request: Request, **target) -> JSONResponse:
    """Who asks, and whether they may attach here, is settled before a byte of the body is read;
    then each file streams from the socket to storage in one worker thread. For a ticket that is
    settled on the loop, so reading starts while the thread starts; a reply's checks run in it."""
    checked = []

    async def check_ticket() -> None:
        checked.append(await _ticket_uploader(request, target["ticket_id"]))

    def work(files) -> JSONResponse:
        with new_session() as session:
            if checked:
                user, destination, usage = checked[0]
            else:
                user = current_user(request, session)
                destination, usage = resolve_target(session, actor=user, **target), None
            rows = upload(session, actor=user, target=destination, files=files, usage=usage, **services())
            items = listing.attachments_public(session, rows, uploader=user)
        return JSONResponse({"items": [i.model_dump(mode="json") for i in items]}, status_code=201)
    pieces = file_pieces(request, max_files=runtime.get_limits().max_files_per_ticket)
    try:
        return await streamed(work, pieces, check=check_ticket if "ticket_id" in target else None)
    finally:
        await pieces.aclose()


@router.post("/tickets/{ticket_id}/attachments", status_code=201, openapi_extra=UPLOAD_BODY,
             responses={**UPLOADED, **answers(*FILES)})
async def post_ticket_attachments(ticket_id: int, request: Request) -> JSONResponse:
    return await _upload(request, ticket_id=ticket_id)


@router.post("/replies/{reply_id}/attachments", status_code=201, openapi_extra=UPLOAD_BODY,
             responses={**UPLOADED, **answers(*FILES)})
async def post_reply_attachments(reply_id: int, request: Request) -> JSONResponse:
    return await _upload(request, reply_id=reply_id)


@router.get("/tickets/{ticket_id}/attachments", response_model=AttachmentList, responses=answers(*READ, 404))
def get_ticket_attachments(ticket_id: int, user: CurrentUser, session: DB, page: int = page_query(),
                           per_page: int = per_page_query(50)) -> AttachmentList:
    rows, total = listing.list_for_ticket(session, actor=user, ticket_id=ticket_id, page=page, per_page=per_page)
    return _list(session, rows, total, page, per_page)


@router.get("/replies/{reply_id}/attachments", response_model=AttachmentList, responses=answers(*READ, 404))
def get_reply_attachments(reply_id: int, user: CurrentUser, session: DB, page: int = page_query(),
                          per_page: int = per_page_query(50)) -> AttachmentList:
    rows, total = listing.list_for_reply(session, actor=user, reply_id=reply_id, page=page, per_page=per_page)
    return _list(session, rows, total, page, per_page)


@router.get("/attachments/{attachment_id}", response_model=AttachmentPublic, responses=answers(*READ, 404))
def get_attachment(attachment_id: int, user: CurrentUser, session: DB) -> AttachmentPublic:
    row, _ = listing.get_visible_attachment(session, actor=user, attachment_id=attachment_id)
    return listing.attachments_public(session, [row])[0]


DOWNLOADED = {
    200: {**FILE_BODY, "description": "The file (its type with `inline=true` for images and PDFs)."},
    206: {**FILE_BODY, "description": "The range asked for."},
    304: {"description": "Not modified since the ETag sent in If-None-Match."},
    **answers(*READ, 404, 416, 503),
}


@router.get("/attachments/{attachment_id}/download", response_class=Response, responses=DOWNLOADED)
@router.head("/attachments/{attachment_id}/download", response_class=Response, responses=DOWNLOADED)
async def download(attachment_id: int, request: Request, inline: bool = False) -> Response:
    token, _ = request_token(request)  # GET and HEAD: no CSRF check to make
    storage = runtime.get_storage()

    def work(conn) -> Response:
        return download_response(request, storage, downloadable(conn, token, attachment_id), inline)
    return await quick_read(work, on_loop=runtime.reads_are_local(storage))


@router.get("/attachments/{attachment_id}/thumbnail", response_class=Response, responses={
    200: {"content": {"image/webp": {"schema": {"type": "string", "format": "binary"}}}},
    304: {"description": "Not modified since the ETag sent in If-None-Match."}, **answers(*READ, 404, 503)})
def get_thumbnail(attachment_id: int, request: Request, user: CurrentUser, session: DB) -> Response:
    """A small WebP preview of an image attachment (404 for other files and undecodable images)."""
    attachment, data = thumbnails.thumbnail(session, actor=user, storage=runtime.get_storage(),
                                            attachment_id=attachment_id)
    return thumbnail_response(request, attachment, data)


@router.delete("/attachments/{attachment_id}", status_code=204, responses=answers(401, 403, 404, 422))
def delete(attachment_id: int, user: CurrentUser, session: DB) -> Response:
    deletion.delete_attachment(session, actor=user, attachment_id=attachment_id)
    return Response(status_code=204)
