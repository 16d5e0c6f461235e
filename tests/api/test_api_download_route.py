"""The download's plain Starlette route (api/download_route.py) answers exactly as FastAPI's
route for the same endpoint does, and FastAPI's still answers the paths the plain one leaves."""

import asyncio

import httpx
import pytest
from starlette.routing import request_response

from helpdesk_app.api import create_api, download_route
from tests.api.files import uploaded
from tests.samples import make_pdf, make_png

PDF, PNG = make_pdf(), make_png()


def _fastapi_only():
    """The API as it was before the plain route: FastAPI's route serves every download."""
    api = create_api()
    api.router.routes[:] = [route for route in api.router.routes if route not in download_route.ROUTES]
    return api


def _answers(api, token: str | None, requests: list[tuple[str, str, dict]]) -> list[tuple]:
    headers = {"Authorization": f"Bearer {token}"} if token else {}

    async def ask() -> list[tuple]:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(api), base_url="http://test/api/v1",
                                     headers=headers) as client:
            out = []
            for method, url, extra in requests:
                response = await client.request(method, url, headers=extra)
                kept = {k: v for k, v in response.headers.items() if k not in ("date", "last-modified")}
                out.append((method, url, response.status_code, kept, response.content))
            return out
    return asyncio.run(ask())


@pytest.fixture
def files(local_files, as_customer, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    return {name: item["id"] for name, item in zip(("pdf", "png"), uploaded(
        as_customer, f"/tickets/{ticket.id}/attachments", ("report.pdf", PDF), ("photo.png", PNG)), strict=True)}


def _requests(ids: dict[str, int]) -> list[tuple[str, str, dict]]:
    pdf, png = (f"/attachments/{ids[kind]}/download" for kind in ("pdf", "png"))
    return [
        ("GET", pdf, {}), ("HEAD", pdf, {}), ("GET", pdf, {"Range": "bytes=5-20"}), ("GET", pdf, {"If-None-Match": "*"}),
        ("GET", pdf, {"Range": "bytes=999999-"}), ("GET", f"{png}?inline=1", {}),
        ("GET", f"{png}?inline=TRUE", {}), ("GET", f"{png}?inline=off", {}),
        ("GET", f"{png}?inline=1&inline=0", {}), ("GET", f"{png}?inline=0&inline=yes", {}),
        ("GET", f"{png}?inline=maybe", {}), ("GET", f"{png}?inline=", {}),
        ("GET", f"{pdf}?inline=1&other=x", {}),
        ("GET", "/attachments/999999/download", {}), ("GET", "/attachments/0/download", {}),
        ("GET", "/attachments/99999999999999999999/download", {}),
        ("GET", "/attachments/abc/download", {}), ("GET", "/attachments/-1/download", {}),
        ("POST", pdf, {}), ("DELETE", pdf, {}),
    ]


@pytest.mark.parametrize("who", ["customer", "other_customer", "agent", "nobody"])
def test_the_plain_route_answers_as_fastapis_does(files, sign_in, customer, other_customer, agent, who):
    token = {"customer": customer, "other_customer": other_customer, "agent": agent}.get(who)
    token = sign_in(token).token if token else None
    requests = _requests(files)
    plain, fastapi = _answers(create_api(), token, requests), _answers(_fastapi_only(), token, requests)
    for ours, theirs in zip(plain, fastapi, strict=True):
        if ours[2] == 405:  # one difference, a fix: FastAPI's HEAD-only route answered first, with "Allow: HEAD"
            allowed = (set(ours[3].pop("allow").split(", ")), theirs[3].pop("allow"))
            assert allowed == ({"GET", "HEAD"}, "HEAD")
        assert ours == theirs
    if who == "customer":  # the comparison covered real answers, not only refusals
        assert [status for _, _, status, _, _ in plain[:5]] == [200, 200, 206, 304, 416]
        assert plain[0][4] == PDF


def test_the_plain_route_is_tried_first_and_serves_downloads(files, as_customer):
    """Not just present: the app tries it before FastAPI's route (else it would gain nothing)."""
    api = create_api()
    assert api.router.routes[:len(download_route.ROUTES)] == download_route.ROUTES
    served = []
    route = download_route.ROUTES[0]
    endpoint = route.endpoint

    async def spy(request):
        served.append(request.url.path)
        return await endpoint(request)
    token = as_customer.headers["Authorization"].removeprefix("Bearer ")
    original = route.app
    route.app = request_response(spy)
    try:
        [answer] = _answers(api, token, [("GET", f"/attachments/{files['pdf']}/download", {})])
    finally:
        route.app = original
    assert answer[2] == 200 and answer[4] == PDF
    assert served == [f"/api/v1/attachments/{files['pdf']}/download"]
