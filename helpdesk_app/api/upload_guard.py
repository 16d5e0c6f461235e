"""An ASGI wrapper in front of every upload path (the REST API's and Reflex's /_upload).

It answers before the body is read: 413 when Content-Length is over the limit, and
401 on /_upload without a valid session (Reflex's upload route has no authentication
of its own). While the body streams in it counts the bytes, and cuts off a request
that sends more than it may, whatever its headers claimed: the app sees a client that
went away (stores nothing) and the client gets the same 413.
"""

import json
import re

from python_multipart.multipart import parse_options_header
from starlette.concurrency import run_in_threadpool

from helpdesk_app import runtime
from helpdesk_app.db import new_session
from helpdesk_app.services.identity import access, sessions

# Every path that takes files: attachments, a new ticket or a reply with files, and Reflex's /_upload.
UPLOAD_PATH = re.compile(r"^/(?:api/v1/(?:(?:tickets|replies)/\d+/attachments|tickets|tickets/\d+/replies)|_upload)/?$")
MULTIPART_OVERHEAD = 1024 * 1024  # part headers and boundaries around the files
TAIL_BYTES = 256  # enough for the closing delimiter (a boundary is at most 70 characters) and a CRLF


def request_limit() -> int:
    return runtime.get_limits().max_ticket_bytes + MULTIPART_OVERHEAD


async def _answer(send, status: int, detail: str, extra: list[tuple[bytes, bytes]] = ()) -> None:
    """Answer at once. No "connection: close": the server then reads and drops whatever body still
    comes, while with it the client, still sending, often got a reset instead of this answer."""
    body = json.dumps({"detail": detail}).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode()),
                            *extra]})
    await send({"type": "http.response.body", "body": body})


def _closing_delimiter(content_type: str) -> bytes | None:
    """What a complete multipart body ends with (RFC 2046: the boundary with two more hyphens)."""
    kind, params = parse_options_header(content_type)
    boundary = params.get(b"boundary")
    return b"--" + boundary + b"--" if kind == b"multipart/form-data" and boundary else None


def _valid(token: str) -> bool:
    with new_session() as session:
        return access.resolve(session, token) is not None


def upload_guard(app):
    async def guarded(scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "POST" or not UPLOAD_PATH.match(scope["path"]):
            return await app(scope, receive, send)
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        limit = request_limit()
        mb = runtime.get_limits().max_ticket_bytes // (1024 * 1024)
        too_large = f"The upload is too large: a ticket holds at most {mb} MB of files."
        length = headers.get("content-length", "")
        if length.isdigit() and int(length) > limit:
            return await _answer(send, 413, too_large)
        # Before a byte of the body is read: an upload without credentials is refused at once.
        # The API routes check the session themselves (and CSRF); Reflex's /_upload checks nothing.
        token = sessions.token_from_headers(headers.get("cookie", ""), headers.get("authorization", ""))
        if token is None or (scope["path"].startswith("/_upload") and not await run_in_threadpool(_valid, token)):
            return await _answer(send, 401, "Not signed in.", [(b"www-authenticate", b"Bearer")])
        received, cut_off, app_started, replaced = 0, False, False, False
        # Reflex's parser takes a body that ends before its closing boundary as complete, which would
        # keep the cut-short last file; the REST routes check this themselves (api/multipart_files.py).
        closing = _closing_delimiter(headers.get("content-type", "")) if scope["path"].startswith("/_upload") \
            else None
        tail, truncated = b"", False

        async def counted_receive():
            nonlocal received, cut_off, tail, truncated
            message = await receive()
            if message["type"] == "http.request":
                body = message.get("body", b"")
                received += len(body)
                if received > limit:
                    # Behave as a client that went away: the app stops and stores nothing.
                    cut_off = True
                    return {"type": "http.disconnect"}
                if closing is not None:
                    tail = (tail + body)[-TAIL_BYTES:]
                    if not message.get("more_body", False) and closing not in tail:
                        truncated = True  # the same: the app stops and stores nothing
                        return {"type": "http.disconnect"}
            return message

        async def answering_send(message):
            # The app answers a body it lost with a parse error (400); the client gets the real reason.
            nonlocal app_started, replaced
            if replaced:
                return  # the rest of the app's answer
            if (cut_off or truncated) and not app_started and message["type"] == "http.response.start":
                replaced = True
                if truncated:
                    return await _answer(send, 400, "The upload ended before its last file did; nothing was saved.")
                return await _answer(send, 413, too_large)
            app_started = app_started or message["type"] == "http.response.start"
            await send(message)

        await app(scope, counted_receive, answering_send)

    return guarded
