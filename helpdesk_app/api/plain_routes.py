"""The attachment transfers again, as plain Starlette routes that the app tries before FastAPI's.

Downloads are the API's hottest read (a ticket page fetches every image it previews) and uploads
its heaviest write, and FastAPI's own work per request (its request handler and parameter
solving) was a fifth of a download's server time: 0.16-0.19 ms of about 1 ms, and 0.2-0.3 ms
before an upload could start reading its body (medians under granian, A/B against the FastAPI
routes). These routes match the numeric paths and call the same endpoints; FastAPI's routes stay
for the OpenAPI document (so it is unchanged) and for every other path (a non-numeric id still
gets its 422).
"""

from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute
from pydantic import TypeAdapter, ValidationError
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from helpdesk_app.api.attachment_routes import download, post_reply_attachments, post_ticket_attachments
from helpdesk_app.api.intake_routes import post_reply_with_files, post_ticket_with_files
from helpdesk_app.api.multipart_files import is_multipart
from helpdesk_app.api.paths import PREFIX

_BOOLEAN = TypeAdapter(bool)


def query_flag(request: Request, name: str) -> bool:
    """A boolean query parameter, read as FastAPI reads `name: bool = False`: the last value wins,
    and a value that is no boolean gets the same 422."""
    raw = request.query_params.get(name)
    if raw is None:
        return False
    try:
        return _BOOLEAN.validate_python(raw)
    except ValidationError as e:
        raise RequestValidationError([{**error, "loc": ("query", name, *error["loc"])} for error in e.errors()]) \
            from None


async def _download(request: Request) -> Response:
    return await download(request.path_params["attachment_id"], request, query_flag(request, "inline"))


async def _ticket_upload(request: Request) -> Response:
    return await post_ticket_attachments(request.path_params["ticket_id"], request)


async def _reply_upload(request: Request) -> Response:
    return await post_reply_attachments(request.path_params["reply_id"], request)


class _ByContentType:
    """multipart/form-data (with files) to `with_files`; any other body to FastAPI's own route (JSON),
    which also documents the operation."""

    def __init__(self, with_files, route: APIRoute):
        self.with_files, self.route = with_files, route

    async def __call__(self, scope, receive, send) -> None:
        request = Request(scope, receive)
        if not is_multipart(request):
            scope["route"], scope["endpoint"] = self.route, self.route.endpoint
            return await self.route.handle(scope, receive, send)
        response = await self.with_files(request)
        await response(scope, receive, send)


def _fastapi_route(app: FastAPI, path: str, method: str) -> APIRoute:
    return next(r for r in app.router.routes if isinstance(r, APIRoute) and r.path == path and method in r.methods)


def routes(app: FastAPI) -> list[Route]:
    """New routes for one app (each app owns its route objects), before its FastAPI routes."""
    tickets, replies = f"{PREFIX}/tickets", f"{PREFIX}/tickets/{{ticket_id}}/replies"
    return [
        Route(f"{PREFIX}/attachments/{{attachment_id:int}}/download", _download, methods=["GET", "HEAD"]),
        Route(f"{PREFIX}/tickets/{{ticket_id:int}}/attachments", _ticket_upload, methods=["POST"]),
        Route(f"{PREFIX}/replies/{{reply_id:int}}/attachments", _reply_upload, methods=["POST"]),
        Route(tickets, _ByContentType(post_ticket_with_files, _fastapi_route(app, tickets, "POST")), methods=["POST"]),
        Route(f"{PREFIX}/tickets/{{ticket_id:int}}/replies",
              _ByContentType(post_reply_with_files, _fastapi_route(app, replies, "POST")), methods=["POST"]),
    ]
