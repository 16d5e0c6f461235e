"""POST /tickets and POST /tickets/{id}/replies with files: multipart/form-data, all or nothing.

The text fields come first (checked, with who asks, before a byte of the files is stored), then
one or more `files`, each streamed to storage as it arrives. JSON bodies (no files) are served by
ticket_routes; plain_routes sends each request to one or the other by its content type. The
OpenAPI document describes both bodies on the one operation (`MULTIPART_*` below).
"""

from typing import get_args

from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field, ValidationError
from starlette.requests import ClientDisconnect, Request

from helpdesk_app import runtime
from helpdesk_app.api.deps import access_on_loop
from helpdesk_app.api.multipart_files import form_parts, leading_fields
from helpdesk_app.api.streamed_upload import interrupted, services, streamed
from helpdesk_app.db import new_session
from helpdesk_app.api.contract import text
from helpdesk_app.models import TicketCreate, TicketPriority
from helpdesk_app.models.ticket import AN_ID, DESCRIPTION_MAX, SUBJECT_MAX
from helpdesk_app.services.conversation.presenters import replies_public
from helpdesk_app.services.conversation.replies import BODY_MAX
from helpdesk_app.services.intake.new_ticket import open_ticket_with_files
from helpdesk_app.services.intake.reply import reply_with_files
from helpdesk_app.services.tickets.presenters import tickets_public

_FILES = {"type": "array", "description": "Files (each checked as the attachment endpoints check them), sent "
                                          "after the text fields.", "items": {"type": "string", "format": "binary"}}
# A form's text part is text whatever it holds, so its text fields name no JSON type: only what the
# text must be (an array sent as its JSON text is just text here).
MULTIPART_TICKET = {"schema": {"type": "object", "title": "TicketWithFiles", "required": ["subject", "description"],
                               "properties": {
                                   "subject": text(SUBJECT_MAX), "description": text(DESCRIPTION_MAX),
                                   "priority": {"type": "string", "enum": [p.value for p in TicketPriority]},
                                   "requester_id": {"type": "integer", **AN_ID,
                                                    "description": "Agents: open it for them."},
                                   "files": _FILES}}}
MULTIPART_REPLY = {"schema": {"type": "object", "title": "ReplyWithFiles", "required": ["body"], "properties": {
    "body": text(BODY_MAX), "internal": {"type": "boolean", "description": "An internal note (agents)."},
    "files": _FILES}}}


class ReplyForm(BaseModel):
    body: str
    internal: bool = Field(default=False, strict=True)


_BOOLEANS = {"true": True, "false": False}


def _typed(model: type[BaseModel], name: str, value: str):
    """A text part as the JSON value its field takes (the models' numbers and booleans are strict): a
    whole number, true or false; anything else stays text, for the model to refuse."""
    field = model.model_fields.get(name)
    kinds = set(get_args(field.annotation) or [field.annotation]) if field is not None else set()
    if bool in kinds:
        return _BOOLEANS.get(value, value)
    if int in kinds and value.isascii() and value.isdigit():
        return int(value)
    return value


def _validated(model: type[BaseModel], fields: dict[str, str]):
    """The form's fields as the JSON body's model takes them; FastAPI's 422 shape otherwise."""
    try:
        return model.model_validate({name: _typed(model, name, value) for name, value in fields.items()})
    except ValidationError as e:
        raise RequestValidationError([{**error, "loc": ("body", *error["loc"])} for error in e.errors()]) from None


async def _with_files(request: Request, model: type[BaseModel], run) -> JSONResponse:
    """Who asks (before the body), then the fields, then `run(session, caller, form, files)` while the
    files stream in."""
    caller = (await access_on_loop(request)).caller
    parts = form_parts(request, runtime.get_limits().max_files_per_ticket, frozenset(model.model_fields),
                       require_files=False)
    try:
        try:
            fields, pieces = await leading_fields(parts)
        except ClientDisconnect:
            return interrupted()
        form = _validated(model, fields)

        def work(files) -> JSONResponse:
            with new_session() as session:
                return JSONResponse(run(session, caller, form, files), status_code=201)
        return await streamed(work, pieces)
    finally:
        await parts.aclose()


async def post_ticket_with_files(request: Request) -> JSONResponse:
    def run(session, caller, form: TicketCreate, files) -> dict:
        ticket = open_ticket_with_files(session, actor=caller, data=form, files=files, **services())
        return tickets_public(session, [ticket])[0].model_dump(mode="json")
    return await _with_files(request, TicketCreate, run)


async def post_reply_with_files(request: Request) -> JSONResponse:
    ticket_id = request.path_params["ticket_id"]

    def run(session, caller, form: ReplyForm, files) -> dict:
        reply = reply_with_files(session, actor=caller, ticket_id=ticket_id, body=form.body, internal=form.internal,
                                 files=files, **services())
        return replies_public(session, [reply])[0].model_dump(mode="json")
    return await _with_files(request, ReplyForm, run)
