"""What the OpenAPI document promises: every status a route answers, with the error shape, and
the real constraints of its parameters and fields.

Validation stays in the services (their messages are the ones users see), so the constraints are
written into the document here to say exactly what they accept: `make test` runs schemathesis
against the document (scripts/contract.py) and fails on any difference.
"""

from fastapi import Query
from pydantic import BaseModel

from helpdesk_app.models.ticket import NOT_BLANK, WHITE_SPACE
from helpdesk_app.services.common.validation import MAX_PAGE

# common.validation.email_error's rule, as the services apply it to the address they strip and
# lower-case: up to 64 characters, an @, a domain with a dot; 254 in all; no NUL.
_WS, _PART = f"[{WHITE_SPACE}]", f"[^@{WHITE_SPACE}\\x00]"
EMAIL = rf"^{_WS}*(?=[^{WHITE_SPACE}]{{1,254}}{_WS}*$){_PART}{{1,64}}@{_PART}+\.{_PART}+{_WS}*$"


class FieldProblem(BaseModel):
    loc: list[str | int]
    msg: str
    type: str
    filename: str | None = None  # a refused file's name, for the attachment endpoints


class ErrorAnswer(BaseModel):
    """Every error: a sentence, or one problem per field (or file)."""

    detail: str | list[FieldProblem]


_WHY = {
    400: "The body could not be parsed, or the upload was cut short.",
    401: "Not signed in, or the session expired or was ended.",
    403: "Not allowed (a customer's agent-only action, a missing CSRF header, a cross-site write).",
    404: "No such thing, or one the caller may not see.",
    408: "The upload stalled, or took longer than HELPDESK_UPLOAD_MAX_SECONDS.",
    409: "Already taken (an email, a name), or not possible as things stand (deleting a built-in view).",
    413: "A file, or the ticket's files together, over the limit.",
    415: "A file type that is not allowed, or content that does not match its name.",
    416: "A range outside the file.",
    422: "Invalid input: `detail` names each field and why.",
    429: "Too many failed sign-ins from here for this account; see Retry-After.",
    503: "File storage or the virus scanner is unavailable; nothing was kept.",
}
_HEADERS = {
    401: {"WWW-Authenticate": {"schema": {"type": "string"}, "description": "Bearer"}},
    429: {"Retry-After": {"schema": {"type": "integer"}, "description": "Seconds to wait."}},
}


def answers(*codes: int) -> dict[int, dict]:
    return {code: {"model": ErrorAnswer, "description": _WHY[code],
                   **({"headers": _HEADERS[code]} if code in _HEADERS else {})} for code in codes}


READ = (401, 422)  # a signed-in read with query or path parameters
WRITE = (400, 401, 403, 422)  # a signed-in write with a JSON body
FILES = (400, 401, 403, 404, 408, 413, 415, 422, 503)  # a write with files


def page_query(default: int = 1):
    return Query(default, json_schema_extra={"minimum": 1, "maximum": MAX_PAGE})


def per_page_query(default: int, maximum: int = 100):
    return Query(default, json_schema_extra={"minimum": 1, "maximum": maximum})


def text(max_length: int) -> dict:
    """A field the services check with common.validation.text_error (or name_error)."""
    return {"minLength": 1, "maxLength": max_length, "pattern": NOT_BLANK}


def files(minimum: int = 0) -> dict:
    return {"type": "array", "minItems": minimum, "description": "One or more files.",
            "items": {"type": "string", "format": "binary"}}


def one_of(values, *, empty_means_any: bool = False) -> dict:
    """A choice of `values`; `empty_means_any`: an empty value too (a filter left unset)."""
    return {"enum": ([""] if empty_means_any else []) + list(values)}
