"""Attachments: upload (multipart `files`), list, metadata, download, delete."""

from typing import Annotated

from fastapi import APIRouter, File, Request, Response, UploadFile
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from helpdesk_app import runtime
from helpdesk_app.api.deps import DB, CurrentUser, as_signed_in_user
from helpdesk_app.api.download import download_response
from helpdesk_app.models import AttachmentPublic
from helpdesk_app.services import attachments
from helpdesk_app.services.attachment_upload import from_form_files, resolve_target, upload

router = APIRouter(tags=["attachments"])
Files = Annotated[list[UploadFile], File(description="One or more files.")]


class AttachmentList(BaseModel):
    items: list[AttachmentPublic]
    total: int
    page: int
    per_page: int


def _list(session, rows, total: int, page: int, per_page: int) -> AttachmentList:
    return AttachmentList(items=attachments.attachments_public(session, rows), total=total, page=page,
                          per_page=per_page)


async def _upload(request: Request, files: list[UploadFile], **target) -> JSONResponse:
    def work(session, user) -> JSONResponse:
        destination = resolve_target(session, actor=user, **target)
        rows = upload(session, actor=user, storage=runtime.get_storage(), scanner=runtime.get_scanner(),
                      limits=runtime.get_limits(), target=destination, files=from_form_files(files))
        items = attachments.attachments_public(session, rows, uploader=user)
        return JSONResponse({"items": [i.model_dump(mode="json") for i in items]}, status_code=201)
    return await as_signed_in_user(request, work)


@router.post("/tickets/{ticket_id}/attachments", status_code=201)
async def post_ticket_attachments(ticket_id: int, files: Files, request: Request) -> JSONResponse:
    return await _upload(request, files, ticket_id=ticket_id)


@router.post("/replies/{reply_id}/attachments", status_code=201)
async def post_reply_attachments(reply_id: int, files: Files, request: Request) -> JSONResponse:
    return await _upload(request, files, reply_id=reply_id)


@router.get("/tickets/{ticket_id}/attachments", response_model=AttachmentList)
def get_ticket_attachments(ticket_id: int, user: CurrentUser, session: DB, page: int = 1,
                           per_page: int = 50) -> AttachmentList:
    rows, total = attachments.list_for_ticket(session, actor=user, ticket_id=ticket_id, page=page, per_page=per_page)
    return _list(session, rows, total, page, per_page)


@router.get("/replies/{reply_id}/attachments", response_model=AttachmentList)
def get_reply_attachments(reply_id: int, user: CurrentUser, session: DB, page: int = 1,
                          per_page: int = 50) -> AttachmentList:
    rows, total = attachments.list_for_reply(session, actor=user, reply_id=reply_id, page=page, per_page=per_page)
    return _list(session, rows, total, page, per_page)


@router.get("/attachments/{attachment_id}", response_model=AttachmentPublic)
def get_attachment(attachment_id: int, user: CurrentUser, session: DB) -> AttachmentPublic:
    row, _ = attachments.get_visible_attachment(session, actor=user, attachment_id=attachment_id)
    return attachments.attachments_public(session, [row])[0]


@router.get("/attachments/{attachment_id}/download", response_class=Response,
            responses={200: {"content": {"application/octet-stream": {}}}})
@router.head("/attachments/{attachment_id}/download", include_in_schema=False)  # one operation id: GET's
async def download(attachment_id: int, request: Request, inline: bool = False) -> Response:
    def work(session, user) -> Response:
        row, _ = attachments.get_visible_attachment(session, actor=user, attachment_id=attachment_id)
        return download_response(request, runtime.get_storage(), row, inline)
    return await as_signed_in_user(request, work)


@router.delete("/attachments/{attachment_id}", status_code=204)
def delete(attachment_id: int, user: CurrentUser, session: DB) -> Response:
    attachments.delete_attachment(session, actor=user, attachment_id=attachment_id)
    session.commit()
    return Response(status_code=204)
