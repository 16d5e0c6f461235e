"""Domain errors and bad requests as JSON `{"detail": ...}` with the right status code."""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from helpdesk_app.services.attachments.errors import (
    AttachmentServiceUnavailable, EmptyFile, FileInfected, FileTooLarge, TooManyFiles, UnsupportedFileType,
)
from helpdesk_app.services.attachments.intake import UploadRejected
from helpdesk_app.services.common.errors import (
    Conflict, DomainError, Forbidden, InvalidInput, NotAuthenticated, NotFound, Throttled,
)

STATUS = {
    NotAuthenticated: 401, Forbidden: 403, NotFound: 404, Conflict: 409, InvalidInput: 422, Throttled: 429,
    FileTooLarge: 413, UnsupportedFileType: 415, EmptyFile: 422, TooManyFiles: 422, FileInfected: 422,
    AttachmentServiceUnavailable: 503,
}


def field_errors(fields: dict[str, str], where: str = "body") -> list[dict]:
    """The same shape FastAPI uses for its own validation errors."""
    return [{"loc": [where, name], "msg": msg, "type": "value_error"} for name, msg in fields.items()]


def _domain_error(_request: Request, exc: DomainError) -> JSONResponse:
    status = next((code for cls, code in STATUS.items() if isinstance(exc, cls)), 400)
    detail = exc.message
    if isinstance(exc, InvalidInput | Conflict):
        detail = field_errors(exc.fields, getattr(exc, "location", "body"))
    headers = {}
    if isinstance(exc, NotAuthenticated):
        headers["WWW-Authenticate"] = "Bearer"
    if isinstance(exc, Throttled):
        headers["Retry-After"] = str(exc.retry_after)
    return JSONResponse({"detail": detail}, status_code=status, headers=headers)


def _upload_rejected(_request: Request, exc: UploadRejected) -> JSONResponse:
    """Name every refused file; the status is the first refusal's (413, 415 or 422)."""
    detail = [
        {"loc": ["body", "files"], "filename": f.filename, "msg": f.message, "type": type(f).__name__}
        for f in exc.failures
    ]
    return JSONResponse({"detail": detail}, status_code=STATUS.get(type(exc.failures[0]), 422))


def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    errors = [
        {"loc": list(e["loc"]), "msg": e["msg"], "type": e["type"]} for e in exc.errors()
    ]
    return JSONResponse({"detail": errors}, status_code=422)


def _http_error(request: Request, exc: StarletteHTTPException) -> JSONResponse:
    """Starlette's own answers (404 for no route, 405, FastAPI's 400 for a body it cannot parse), in
    our shape. A 405's Allow names every method the path has, not just the first route's."""
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(allowed_methods(request))
    return JSONResponse({"detail": exc.detail}, status_code=exc.status_code, headers=headers)


def allowed_methods(request: Request) -> list[str]:
    path, methods = request.scope["path"], set()
    for route in request.app.router.routes:
        regex, route_methods = getattr(route, "path_regex", None), getattr(route, "methods", None)
        if regex is not None and route_methods and regex.match(path):
            methods |= route_methods
    return sorted(methods)


def _unexpected_error(_request: Request, _exc: Exception) -> JSONResponse:
    # Logged by the server; the client never sees a traceback.
    return JSONResponse({"detail": "Something went wrong on our side. Please try again."}, status_code=500)


def install(app: FastAPI) -> None:
    app.add_exception_handler(UploadRejected, _upload_rejected)
    app.add_exception_handler(DomainError, _domain_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _unexpected_error)
