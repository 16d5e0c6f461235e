"""The upload guard in front of Reflex's /_upload: a multipart body that ends before its closing
boundary reaches the app as a client that went away (Reflex's own parser would take it as
complete and keep the cut-short last file), and the client is told why."""

import asyncio
import json

import pytest

from helpdesk_app.api.upload_guard import upload_guard
from helpdesk_app.services.identity import sessions
from helpdesk_app.services.identity.sessions import SESSION_COOKIE

PART = b'--xyz\r\nContent-Disposition: form-data; name="files"; filename="a.txt"\r\n\r\nhello world'
CLOSED = PART + b"\r\n--xyz--\r\n"


def _run(token: str, chunks: list[bytes], path: str = "/_upload") -> tuple[list[str], int, dict]:
    """Send the body in `chunks` through the guard to an app that reads it as Reflex does, and
    answers 200 (what Reflex's upload route answers when the client went away). Returns what the
    app received, the status the client got and the answer's body."""
    seen: list[str] = []
    sent: list[dict] = []

    async def app(scope, receive, send):
        while True:
            message = await receive()
            seen.append("disconnect" if message["type"] == "http.disconnect" else "body")
            if message["type"] == "http.disconnect" or not message.get("more_body", False):
                break
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b""})

    messages = [{"type": "http.request", "body": c, "more_body": i < len(chunks) - 1} for i, c in enumerate(chunks)]

    async def receive():
        return messages.pop(0)

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": path, "headers": [
        (b"content-type", b"multipart/form-data; boundary=xyz"), (b"cookie", f"{SESSION_COOKIE}={token}".encode())]}
    asyncio.run(upload_guard(app)(scope, receive, send))
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return seen, sent[0]["status"], json.loads(body) if body else {}


@pytest.fixture
def token(db, make_user):
    user, _ = make_user()
    issued = sessions.start_session(db, user)
    db.commit()
    return issued.token


@pytest.mark.parametrize("chunks", [[CLOSED], [PART, b"\r\n--xyz--\r\n"], [CLOSED[:-4], CLOSED[-4:], b""]])
def test_a_complete_body_passes_untouched(token, chunks):
    seen, status, _ = _run(token, chunks)
    assert (seen[-1], status) == ("body", 200)


@pytest.mark.parametrize("chunks", [[PART], [PART[:20], PART[20:]], [PART + b"\r\n--xyz\r\n"]])
def test_a_body_cut_short_reaches_the_app_as_a_disconnect_and_the_client_learns_why(token, chunks):
    seen, status, answer = _run(token, chunks)
    assert seen[-1] == "disconnect"
    assert (status, answer) == (400, {"detail": "The upload ended before its last file did; nothing was saved."})
