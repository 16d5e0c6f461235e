"""Authentication on every endpoint: 401 without it, bearer tokens everywhere, cookies with CSRF."""

import httpx
import pytest

from helpdesk_app.api import create_api
from helpdesk_app.services.identity.sessions import CSRF_COOKIE, SESSION_COOKIE
from helpdesk_app.models import CannedScope
from helpdesk_app.services.canned import library
from helpdesk_app.services.notifications import inbox
from helpdesk_app.services.tags import catalog, on_tickets
from helpdesk_app.services.views import library as views
from helpdesk_app.services.watchers import watching
from tests.api.files import multipart
from tests.samples import make_pdf, make_png
from tests.support import DEFAULT_PASSWORD

FILES = "multipart: one PDF in the `files` field"
# Every endpoint that needs a signed-in user: (method, path, JSON body or FILES). {ticket}, {user},
# {reply} and {attachment} are filled in per test. The bodies are valid for an admin.
PROTECTED = [
    ("GET", "/me", None),
    ("GET", "/tickets", None),
    ("POST", "/tickets", {"subject": "Help", "description": "Please"}),
    ("GET", "/tickets/{ticket}", None),
    ("PATCH", "/tickets/{ticket}", {"priority": "high"}),
    ("GET", "/tickets/{ticket}/replies", None),
    ("POST", "/tickets/{ticket}/replies", {"body": "Hello"}),
    ("GET", "/users", None),
    ("POST", "/users", {"email": "new@example.com", "name": "New", "password": "long enough"}),
    ("PATCH", "/users/{user}", {"role": "agent"}),
    ("POST", "/auth/logout", None),
    ("POST", "/tickets/{ticket}/attachments", FILES),
    ("POST", "/replies/{reply}/attachments", FILES),
    ("GET", "/tickets/{ticket}/attachments", None),
    ("GET", "/replies/{reply}/attachments", None),
    ("GET", "/attachments/{attachment}", None),
    ("GET", "/attachments/{attachment}/download", None),
    ("HEAD", "/attachments/{attachment}/download", None),
    ("GET", "/attachments/{attachment}/thumbnail", None),
    ("DELETE", "/attachments/{attachment}", None),
    ("GET", "/tags", None),
    ("POST", "/tags", {"name": "New tag"}),
    ("GET", "/tags/{tag}", None),
    ("PATCH", "/tags/{tag}", {"color": "red"}),
    ("DELETE", "/tags/{tag}", None),
    ("POST", "/tags/{tag}/merge", {"into_id": "{other_tag}"}),
    ("GET", "/tickets/{ticket}/tags", None),
    ("POST", "/tickets/{ticket}/tags", {"name": "vip"}),
    ("PUT", "/tickets/{ticket}/tags", {"names": ["vip"]}),
    ("DELETE", "/tickets/{ticket}/tags/{tag}", None),
    ("GET", "/canned-replies", None),
    ("POST", "/canned-replies", {"title": "Hi", "body": "Hello {{ customer.name }}"}),
    ("GET", "/canned-replies/{canned}", None),
    ("PATCH", "/canned-replies/{canned}", {"title": "Hello"}),
    ("DELETE", "/canned-replies/{canned}", None),
    ("POST", "/canned-replies/{canned}/copy", None),
    ("POST", "/canned-replies/{canned}/render", {"ticket_id": "{ticket}"}),
    ("GET", "/tickets/{ticket}/watchers", None),
    ("PUT", "/tickets/{ticket}/watchers/{staff}", None),
    ("DELETE", "/tickets/{ticket}/watchers/{staff}", None),
    ("GET", "/tickets/{ticket}/mute", None),
    ("PUT", "/tickets/{ticket}/mute", None),
    ("DELETE", "/tickets/{ticket}/mute", None),
    ("GET", "/notifications", None),
    ("POST", "/notifications/{notification}/read", None),
    ("POST", "/notifications/read-all", None),
    ("GET", "/preferences", None),
    ("PATCH", "/preferences", {"channels": {"reply": {"email": False}}}),
    ("POST", "/me/email", {"email": "moved@example.com", "password": "{password}"}),
    ("POST", "/me/verification", None),
    ("POST", "/users/{unverified}/verification", None),
    ("GET", "/search", None),
    ("POST", "/tickets/bulk", {"ids": ["{ticket}"], "change": {"priority": "high"}}),
    ("GET", "/views", None),
    ("POST", "/views", {"name": "Mine", "filter": {"status": "open"}}),
    ("GET", "/views/counts", None),
    ("GET", "/views/{view}", None),
    ("PATCH", "/views/{view}", {"name": "Renamed"}),
    ("DELETE", "/views/{view}", None),
]
QUERIES = {("GET", "/search"): {"q": "help"}}  # what an endpoint needs in its query string
PLACEHOLDERS = {"{ticket}": "{ticket_id}", "{user}": "{user_id}", "{reply}": "{reply_id}",
                "{attachment}": "{attachment_id}", "{tag}": "{tag_id}", "{canned}": "{canned_id}",
                "{staff}": "{user_id}", "{notification}": "{notification_id}", "{unverified}": "{user_id}",
                "{view}": "{view_id}"}
ANSWERS_200 = {("POST", "/tickets/{ticket}/tags"), ("POST", "/tags/{tag}/merge"), ("PUT", "/tickets/{ticket}/tags"),
               ("POST", "/canned-replies/{canned}/render"), ("PUT", "/tickets/{ticket}/watchers/{staff}"),
               ("PUT", "/tickets/{ticket}/mute"), ("DELETE", "/tickets/{ticket}/mute"),
               ("POST", "/notifications/read-all"), ("POST", "/tickets/bulk")}
ANSWERS_204 = {("POST", "/notifications/{notification}/read")}
PUBLIC = [("POST", "/auth/login"), ("POST", "/auth/signup"), ("GET", "/openapi.json"),
          ("POST", "/auth/forgot-password"), ("POST", "/auth/reset-password"), ("POST", "/auth/verify-email")]
ANSWERS_202 = {("POST", "/me/email"), ("POST", "/me/verification"), ("POST", "/users/{unverified}/verification")}
WRITES = [e for e in PROTECTED if e[0] not in ("GET", "HEAD")]
ENDPOINT_IDS = [f"{m} {p}" for m, p, _ in PROTECTED]
WRITE_IDS = [f"{m} {p}" for m, p, _ in WRITES]
SUCCESS = {"GET": 200, "HEAD": 200, "POST": 201, "PATCH": 200, "DELETE": 204}


@pytest.fixture
def targets(local_files, make_ticket, customer, client_for, db, admin):
    ticket = make_ticket(requester=customer).id
    watching.add_watcher(db, actor=admin, ticket_id=ticket, user_id=admin.id)  # told of the reply below
    as_customer = client_for(customer)
    reply = as_customer.post(f"/tickets/{ticket}/replies", json={"body": "See attached."}).json()["id"]
    # An image, so that every attachment endpoint (its thumbnail too) has something to answer.
    attachment = as_customer.post(f"/tickets/{ticket}/attachments", files=multipart(("a.png", make_png())))
    tag = on_tickets.add_tag(db, actor=admin, ticket_id=ticket, name="billing").id
    other_tag = catalog.create_tag(db, actor=admin, name="invoices").id
    canned = library.create_canned(db, actor=admin, title="Welcome", body="Hi!", scope=CannedScope.shared).id
    view = views.create_view(db, actor=admin, name="Open", filter={"status": "open"}).id
    return {"ticket": ticket, "user": customer.id, "reply": reply, "attachment": attachment.json()["items"][0]["id"],
            "tag": tag, "other_tag": other_tag, "canned": canned, "staff": admin.id,
            "notification": inbox.list_notifications(db, actor=admin)[0][0].id, "unverified": customer.id,
            "password": DEFAULT_PASSWORD, "view": view}


def _filled(body, targets):
    """A JSON body with "{name}" values replaced by the targets' ids."""
    if isinstance(body, dict):
        return {k: _filled(v, targets) for k, v in body.items()}
    if isinstance(body, list):
        return [_filled(v, targets) for v in body]
    if isinstance(body, str) and body.startswith("{") and body.strip("{}") in targets:
        return targets[body.strip("{}")]
    return body


def _call(client: httpx.Client, method: str, path: str, body, targets, **kwargs) -> httpx.Response:
    if body == FILES:
        return client.request(method, path.format(**targets), files=multipart(("b.pdf", make_pdf())), **kwargs)
    return client.request(method, path.format(**targets), json=_filled(body, targets),
                          params=QUERIES.get((method, path)), **kwargs)


def _expected(method: str, path: str) -> int:
    if path == "/auth/logout" or (method, path) in ANSWERS_204:
        return 204
    if (method, path) in ANSWERS_202:
        return 202
    return 200 if (method, path) in ANSWERS_200 else SUCCESS[method]


def test_the_tables_cover_every_route_of_the_api():
    """A new endpoint must be added to PROTECTED or PUBLIC (and so to the tests below)."""
    routes = {
        (method.upper(), path.removeprefix("/api/v1"))
        for path, operations in create_api().openapi()["paths"].items()
        for method in operations
    }
    listed = set()
    for method, path, _ in PROTECTED:
        for short, name in PLACEHOLDERS.items():
            path = path.replace(short, name)
        listed.add((method, path))
    assert routes == listed | {r for r in PUBLIC if r[1] != "/openapi.json"}


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED, ids=ENDPOINT_IDS)
def test_every_protected_endpoint_is_401_without_a_session(anon, targets, method, path, body):
    response = _call(anon, method, path, body, targets)
    assert response.status_code == 401
    assert method == "HEAD" or response.json() == {"detail": "Not signed in."}  # (a HEAD answer has no body)
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED, ids=ENDPOINT_IDS)
def test_a_bearer_token_works_on_every_endpoint(as_admin, targets, method, path, body):
    response = _call(as_admin, method, path, body, targets)
    assert response.status_code == _expected(method, path), response.text


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED, ids=ENDPOINT_IDS)
def test_an_unknown_bearer_token_is_401_even_with_a_valid_cookie(cookie_client_for, admin, targets, method, path,
                                                                  body):
    client, csrf = cookie_client_for(admin)
    response = _call(client, method, path, body, targets,
                     headers={"Authorization": "Bearer forged", "X-CSRF-Token": csrf})
    assert response.status_code == 401


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_a_cookie_write_needs_the_csrf_header(cookie_client_for, admin, targets, method, path, body):
    client, csrf = cookie_client_for(admin)
    for headers in ({}, {"X-CSRF-Token": ""}, {"X-CSRF-Token": "wrong"}, {"X-CSRF-Token": csrf + "x"}):
        response = _call(client, method, path, body, targets, headers=headers)
        assert response.status_code == 403, (headers, response.text)
        assert "X-CSRF-Token" in response.json()["detail"]
    response = _call(client, method, path, body, targets, headers={"X-CSRF-Token": csrf})
    assert response.status_code == _expected(method, path), response.text


@pytest.mark.parametrize(("method", "path", "body"), WRITES, ids=WRITE_IDS)
def test_a_cookie_write_from_a_foreign_origin_is_refused(cookie_client_for, admin, targets, server_url, method, path,
                                                          body):
    client, csrf = cookie_client_for(admin)
    foreign = _call(client, method, path, body, targets,
                    headers={"X-CSRF-Token": csrf, "Origin": "https://evil.example"})
    assert foreign.status_code == 403
    assert foreign.json() == {"detail": "Cross-site request refused."}
    same = _call(client, method, path, body, targets, headers={"X-CSRF-Token": csrf, "Origin": server_url})
    assert same.status_code == _expected(method, path), same.text


def test_cookie_reads_need_no_csrf_header(cookie_client_for, customer, targets):
    client, _ = cookie_client_for(customer)
    assert client.get("/me").json()["id"] == customer.id
    assert client.get(f"/tickets/{targets['ticket']}").status_code == 200


def test_a_browser_login_works_with_its_cookies_alone(make_client, make_user, server_url):
    user, password = make_user(email="pat@example.com")
    browser = make_client()
    login = browser.post("/auth/login", json={"email": user.email, "password": password},
                         headers={"Origin": server_url})
    assert login.status_code == 200
    csrf = browser.cookies[CSRF_COOKIE]
    assert csrf == login.json()["csrf_token"]
    assert browser.cookies[SESSION_COOKIE] == login.json()["token"]
    assert browser.get("/me").json()["email"] == "pat@example.com"
    assert browser.post("/tickets", json={"subject": "Hi", "description": "There"}).status_code == 403
    created = browser.post("/tickets", json={"subject": "Hi", "description": "There"}, headers={"X-CSRF-Token": csrf})
    assert created.status_code == 201
    # Logging out through the cookie also needs the header, then ends the session and clears the cookies.
    assert browser.post("/auth/logout").status_code == 403
    assert browser.post("/auth/logout", headers={"X-CSRF-Token": csrf}).status_code == 204
    assert SESSION_COOKIE not in browser.cookies
    browser.cookies.set(SESSION_COOKIE, login.json()["token"], domain="127.0.0.1", path="/")
    assert browser.get("/me").status_code == 401


@pytest.mark.parametrize("path", ["/auth/login", "/auth/signup"])
def test_login_and_signup_refuse_a_foreign_origin(anon, make_user, path):
    user, password = make_user(email="pat@example.com")
    body = {"email": user.email, "password": password} if path == "/auth/login" else {
        "email": "new@example.com", "name": "New", "password": "long enough"}
    response = anon.post(path, json=body, headers={"Origin": "https://evil.example"})
    assert response.status_code == 403
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_a_bearer_write_needs_no_csrf_header(as_customer):
    response = as_customer.post("/tickets", json={"subject": "Hi", "description": "There"},
                                headers={"Origin": "https://elsewhere.example"})
    assert response.status_code == 201
