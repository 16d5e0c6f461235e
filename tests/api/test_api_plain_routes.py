"""The attachment transfers' plain Starlette routes (api/plain_routes.py) answer exactly as
FastAPI's routes for the same endpoints do, and FastAPI's still answer the paths they leave."""

import asyncio

import httpx
import pytest
from fastapi.routing import APIRoute

from helpdesk_app.api import create_api, plain_routes
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.identity.sessions import CSRF_COOKIE, SESSION_COOKIE
from tests.api.files import uploaded
from tests.samples import make_pdf, make_png

PDF, PNG = make_pdf(), make_png()
# Ids, times and hashes of new rows differ from one upload to the next; all else must not.
CHANGING = ("id", "ticket_id", "reply_id", "created_at", "download_url")
PLAIN = len(plain_routes.routes(create_api()))


def _fastapi_only():
    """The API as it was before the plain routes: FastAPI's routes serve everything."""
    api = create_api()
    del api.router.routes[:PLAIN]
    return api


def _answers(api, requests: list[tuple], *, token: str | None = None, cookies: dict | None = None) -> list[tuple]:
    """(method, status, headers, body) of each request: (method, url, headers[, files])."""
    auth = {"Authorization": f"Bearer {token}"} if token else {}

    async def ask() -> list[tuple]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://test/api/v1",
                                     headers=auth, cookies=cookies) as client:
            out = []
            for method, url, headers, *files in requests:
                response = await client.request(method, url, headers=headers, files=files[0] if files else None)
                kept = {k: v for k, v in response.headers.items() if k not in ("date", "last-modified",
                                                                                "content-length")}
                out.append((method, response.status_code, kept, _comparable(response)))
            return out
    return asyncio.run(ask())


def _comparable(response: httpx.Response):
    if not response.content or not response.headers.get("content-type", "").startswith("application/json"):
        return response.content
    body = response.json()
    if "items" in body:  # an upload's answer, or a list
        body["items"] = [{k: v for k, v in item.items() if k not in CHANGING} for item in body["items"]]
    return body


def _same(plain: list[tuple], fastapi: list[tuple], requests: list[tuple]) -> None:
    for ours, theirs, (_, url, *_) in zip(plain, fastapi, requests, strict=True):
        if ours[1] == 405:  # a 405 names every method of the path, whichever route answered
            assert ours[2]["allow"] == theirs[2]["allow"] == ("GET, HEAD" if url.endswith("/download") else "GET, POST")
        assert ours == theirs


@pytest.fixture
def make_files(local_files, as_customer, make_ticket, customer, db):
    """make_files(): a ticket with a PDF and a PNG to download, and another with a reply to upload to
    (a fresh pair for each app, so that each sees the same state: the tests allow 4 files a ticket)."""
    def make() -> dict[str, int]:
        full, empty = make_ticket(requester=customer), make_ticket(requester=customer)
        ids = {name: item["id"] for name, item in zip(("pdf", "png"), uploaded(
            as_customer, f"/tickets/{full.id}/attachments", ("report.pdf", PDF), ("photo.png", PNG)), strict=True)}
        reply = replies.add_reply(db, actor=customer, ticket_id=empty.id, body="See the files.", internal=False)
        db.commit()
        return {**ids, "ticket": empty.id, "reply": reply.id}
    return make


def _downloads(ids: dict[str, int]) -> list[tuple]:
    pdf, png = (f"/attachments/{ids[kind]}/download" for kind in ("pdf", "png"))
    return [
        ("GET", pdf, {}), ("HEAD", pdf, {}), ("GET", pdf, {"Range": "bytes=5-20"}),
        ("GET", pdf, {"If-None-Match": "*"}),
        ("GET", pdf, {"Range": "bytes=999999-"}), ("GET", f"{png}?inline=1", {}),
        ("GET", f"{png}?inline=TRUE", {}), ("GET", f"{png}?inline=off", {}),
        ("GET", f"{png}?inline=1&inline=0", {}), ("GET", f"{png}?inline=0&inline=yes", {}),
        ("GET", f"{png}?inline=maybe", {}), ("GET", f"{png}?inline=", {}), ("GET", f"{pdf}?inline=1&other=x", {}),
        ("GET", "/attachments/999999/download", {}), ("GET", "/attachments/0/download", {}),
        ("GET", "/attachments/99999999999999999999/download", {}),
        ("GET", "/attachments/abc/download", {}), ("GET", "/attachments/-1/download", {}),
        ("POST", pdf, {}), ("DELETE", pdf, {}),
    ]


def _uploads(ids: dict[str, int], headers: dict | None = None) -> list[tuple]:
    ticket, reply = f"/tickets/{ids['ticket']}/attachments", f"/replies/{ids['reply']}/attachments"
    extra = headers or {}
    return [
        ("POST", ticket, extra, [("files", ("notes.pdf", PDF, "application/pdf"))]),
        ("POST", reply, extra, [("files", ("shot.png", PNG, "image/png")),
                                ("files", ("b.pdf", PDF, "application/pdf"))]),
        ("POST", ticket, extra, [("files", ("fake.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"))]),
        ("POST", ticket, extra, [("files", ("empty.pdf", b"", "application/pdf"))]),
        ("POST", ticket, extra, [("other", ("a.pdf", PDF, "application/pdf"))]),
        ("POST", ticket, {**extra, "Content-Type": "text/plain"}), ("POST", ticket, extra),
        ("POST", "/tickets/999999/attachments", extra, [("files", ("a.pdf", PDF, "application/pdf"))]),
        ("POST", "/replies/999999/attachments", extra, [("files", ("a.pdf", PDF, "application/pdf"))]),
        ("POST", "/tickets/abc/attachments", extra, [("files", ("a.pdf", PDF, "application/pdf"))]),
        ("GET", ticket, extra), ("GET", reply, extra), ("PUT", ticket, extra),
    ]


@pytest.mark.parametrize("who", ["customer", "other_customer", "agent", "nobody"])
def test_the_plain_routes_answer_as_fastapis_do(make_files, sign_in, customer, other_customer, agent, who):
    user = {"customer": customer, "other_customer": other_customer, "agent": agent}.get(who)
    token = sign_in(user).token if user else None
    answers = []
    for api in (create_api(), _fastapi_only()):
        files = make_files()
        requests = _downloads(files) + _uploads(files)
        answers.append(_answers(api, requests, token=token))
    plain, fastapi = answers
    _same(plain, fastapi, requests)
    if who == "customer":  # the comparison covered real answers, not only refusals
        statuses = [status for _, status, _, _ in plain]
        assert statuses[:5] == [200, 200, 206, 304, 416] and plain[0][3] == PDF
        assert statuses[len(_downloads(files)):][:4] == [201, 201, 415, 422]


@pytest.mark.parametrize("csrf", ["none", "wrong", "right", "right, other site"])
def test_a_cookie_sign_in_and_its_csrf_check_are_the_same(make_files, sign_in, customer, csrf):
    issued = sign_in(customer)
    cookies = {SESSION_COOKIE: issued.token, CSRF_COOKIE: issued.csrf_token}
    headers = {"none": {}, "wrong": {"X-CSRF-Token": "not-it"}, "right": {"X-CSRF-Token": issued.csrf_token},
               "right, other site": {"X-CSRF-Token": issued.csrf_token, "Origin": "https://elsewhere.example"}}[csrf]
    answers = []
    for api in (create_api(), _fastapi_only()):
        files = make_files()
        requests = [("GET", f"/attachments/{files['pdf']}/download", {}), *_uploads(files, headers)[:2]]
        answers.append(_answers(api, requests, cookies=cookies))
    _same(*answers, requests)
    assert [status for _, status, _, _ in answers[0]] == [200] + [201 if csrf == "right" else 403] * 2


def test_the_plain_routes_are_tried_first_and_serve(make_files, as_customer):
    """Not just present: the app tries them before FastAPI's routes (else they would gain nothing)."""
    api, files, served = create_api(), make_files(), []
    first = api.router.routes[:3]
    assert [route.path for route in api.router.routes[:PLAIN]] == [
        route.path for route in plain_routes.routes(create_api())]
    assert all(not isinstance(route, APIRoute) for route in api.router.routes[:PLAIN])
    for route in first:  # this app's own route objects: spied on, nothing shared with other apps
        route.app = _spying(route.app, route.path, served)
    token = as_customer.headers["Authorization"].removeprefix("Bearer ")
    requests = [("GET", f"/attachments/{files['pdf']}/download", {}), *_uploads(files)[:2]]
    answers = _answers(api, requests, token=token)
    assert [answer[1] for answer in answers] == [200, 201, 201] and answers[0][3] == PDF
    assert served == [route.path for route in first]


def _spying(app, path: str, served: list):
    async def spy(scope, receive, send):
        served.append(path)
        await app(scope, receive, send)
    return spy
