"""Security headers on every answer, and the API docs page served with its assets from our origin."""

import base64
import hashlib
import re

import pytest

from helpdesk_app.api import security_headers
from tests.samples import make_pdf

PDF = make_pdf()


def _policy(response) -> dict[str, str]:
    return {d.split(" ", 1)[0]: d.partition(" ")[2] for d in response.headers["content-security-policy"].split("; ")}


def test_every_answer_carries_the_headers(anon, as_customer, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    answers = [anon.get("/me"), anon.get("/openapi.json"), anon.get("/docs"), as_customer.get("/tickets"),
               as_customer.get(f"/tickets/{ticket.id}"), as_customer.get("/tickets/987654"),
               anon.post("/auth/login", json={}), anon.get("/no-such-route")]
    assert [a.status_code for a in answers] == [401, 200, 200, 200, 200, 404, 422, 404]
    for answer in answers:
        policy = _policy(answer)
        assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
        assert "'unsafe-inline'" not in policy["script-src"] and policy["default-src"] == "'self'"
        assert (answer.headers["x-content-type-options"], answer.headers["referrer-policy"],
                answer.headers["x-frame-options"]) == ("nosniff", "same-origin", "DENY")
        assert "strict-transport-security" not in answer.headers  # plain HTTP: it would mean nothing


def test_hsts_when_served_over_https(anon, settings_override):
    settings_override(secure_cookies=True)
    assert anon.get("/me").headers["strict-transport-security"] == "max-age=31536000; includeSubDomains"


def test_a_downloaded_file_keeps_its_own_stricter_policy(local_files, as_customer, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    [item] = as_customer.post(f"/tickets/{ticket.id}/attachments",
                              files=[("files", ("a.pdf", PDF, "application/pdf"))]).json()["items"]
    answer = as_customer.get(f"/attachments/{item['id']}/download?inline=1")
    policy = _policy(answer)
    assert policy["default-src"] == "'none'" and "sandbox" in policy and policy["frame-ancestors"] == "'self'"
    assert answer.headers["x-frame-options"] == "SAMEORIGIN"  # our own preview frames it; no other site
    assert answer.headers["referrer-policy"] == "same-origin"


def test_the_docs_page_loads_everything_from_our_origin(anon):
    page = anon.get("/docs")
    assert page.headers["content-type"].startswith("text/html")
    sources = re.findall(r'(?:src|href)="([^"]+)"', page.text)
    assert sources and all(s.startswith("/api/v1/docs/") for s in sources), sources
    assert not re.search(r"<script>[^<]", page.text)  # no inline script
    for source in sources:
        asset = anon.get(source.removeprefix("/api/v1"))
        assert asset.status_code == 200 and asset.content, source
    assert "SwaggerUIBundle" in anon.get("/docs/assets/swagger-ui-bundle.js").text


@pytest.mark.parametrize("script", ["console.log('a')", "\n  window.x = {\"a\": 1};\n"])
def test_the_builds_inline_scripts_are_allowed_by_their_hash(tmp_path, script):
    page = tmp_path / "build" / "client" / "tickets" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text(f'<html><script>{script}</script><script src="/a.js"></script><script type="module">'
                    f'import "/b.js";</script><script> </script></html>')
    expected = {f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'"
                for s in (script, 'import "/b.js";')}
    assert set(security_headers.inline_script_hashes(tmp_path / "build" / "client")) == expected


def test_served_by_names_the_process_only_when_asked(settings_override, clean_db):
    import os

    from starlette.testclient import TestClient

    from helpdesk_app.api import create_api, served
    assert "x-served-by" not in TestClient(served(create_api())).get("/api/v1/openapi.json").headers
    settings_override(served_by_header=True)
    answer = TestClient(served(create_api())).get("/api/v1/openapi.json")
    assert answer.headers["x-served-by"].endswith(f":{os.getpid()}")
