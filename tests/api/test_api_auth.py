"""POST /auth/login, /auth/signup, /auth/logout and GET /me over HTTP."""

from datetime import timedelta

import pytest
from sqlmodel import func, select, update

from helpdesk_app.models import AuthSession, Role, User, utcnow
from helpdesk_app.services.identity.sessions import CSRF_COOKIE, SESSION_COOKIE, hash_token
from tests.support import field_messages


def _set_cookies(response) -> dict[str, str]:
    """Set-Cookie headers by cookie name, lower-cased, for checking their attributes."""
    return {h.split("=", 1)[0]: h.lower() for h in response.headers.get_list("set-cookie")}


def test_login_answers_a_token_and_sets_the_session_cookie(anon, make_user, db):
    user, password = make_user(role=Role.agent, email="pat@example.com", name="Pat")
    response = anon.post("/auth/login", json={"email": "Pat@Example.com", "password": password})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"token", "token_type", "csrf_token", "expires_in", "user"}
    assert body["token_type"] == "bearer" and body["expires_in"] == 336 * 3600
    assert body["user"] == {
        "id": user.id, "email": "pat@example.com", "name": "Pat", "role": "agent", "is_active": True,
        "created_at": body["user"]["created_at"], "email_verified": False,
    }
    cookies = _set_cookies(response)
    session_cookie, csrf_cookie = cookies[SESSION_COOKIE], cookies[CSRF_COOKIE]
    assert f"{SESSION_COOKIE}={body['token'].lower()}" in session_cookie
    assert "httponly" in session_cookie and "samesite=lax" in session_cookie and "path=/" in session_cookie
    assert "max-age=1209600" in session_cookie
    assert "httponly" not in csrf_cookie and "samesite=lax" in csrf_cookie
    assert f"{CSRF_COOKIE}={body['csrf_token'].lower()}" in csrf_cookie
    # Only the hash is kept on the server.
    stored = db.exec(select(AuthSession.token_hash)).one()
    assert stored == hash_token(body["token"]) != body["token"]
    # The token works as a bearer token.
    me = anon.get("/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["id"] == user.id


@pytest.mark.parametrize("case", ["wrong password", "unknown email", "inactive user"])
def test_login_failures_are_401_and_say_the_same(anon, make_user, case):
    active, password = make_user(email="pat@example.com")
    inactive, inactive_password = make_user(email="gone@example.com", is_active=False)
    email, pw = {
        "wrong password": (active.email, "not the password"),
        "unknown email": ("nobody@example.com", password),
        "inactive user": (inactive.email, inactive_password),
    }[case]
    response = anon.post("/auth/login", json={"email": email, "password": pw})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json() == {"detail": "Wrong email or password, or the account is deactivated."}
    assert SESSION_COOKIE not in response.headers.get("set-cookie", "")


def test_login_with_missing_or_empty_fields_is_422(anon):
    assert field_messages(anon.post("/auth/login", json={"email": "pat@example.com"})) == {
        "body.password": "Field required"}
    messages = field_messages(anon.post("/auth/login", json={"email": "  ", "password": ""}))
    assert messages == {"body.email": "Enter your email address.", "body.password": "Enter your password."}
    messages = field_messages(anon.post("/auth/login", content=b"not json",
                                        headers={"content-type": "application/json"}))
    assert list(messages) == ["body.0"]


def test_repeated_failed_logins_get_429_with_retry_after(anon, make_user):
    user, password = make_user(email="pat@example.com")
    codes = [anon.post("/auth/login", json={"email": user.email, "password": "guess"}).status_code for _ in range(5)]
    assert codes == [401] * 5
    throttled = anon.post("/auth/login", json={"email": user.email, "password": password})
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == str(15 * 60)
    assert "Too many failed sign-in attempts" in throttled.json()["detail"]


def test_me_answers_the_signed_in_user_without_secrets(as_customer, customer):
    response = as_customer.get("/me")
    assert response.status_code == 200
    body = response.json()
    assert body["id"] == customer.id and body["role"] == "customer" and body["email"] == customer.email
    assert "password_hash" not in body and "argon2" not in response.text


@pytest.mark.parametrize("header", [None, "Bearer", "Bearer not-a-real-token", "Basic dXNlcjpwYXNz"])
def test_me_without_a_valid_token_is_401(anon, header):
    headers = {"Authorization": header} if header else {}
    response = anon.get("/me", headers=headers)
    assert response.status_code == 401
    assert response.json() == {"detail": "Not signed in."}


def test_an_expired_session_is_401(as_customer, db):
    assert as_customer.get("/me").status_code == 200
    db.exec(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert as_customer.get("/me").status_code == 401


def test_logout_ends_the_session_on_the_server(sign_in, make_client, customer, db):
    issued = sign_in(customer)
    client = make_client(token=issued.token)
    response = client.post("/auth/logout")
    assert response.status_code == 204
    assert response.content == b""
    cleared = _set_cookies(response)
    assert 'max-age=0' in cleared[SESSION_COOKIE] and 'max-age=0' in cleared[CSRF_COOKIE]
    assert db.exec(select(func.count()).select_from(AuthSession)).one() == 0
    # The same token, sent again, no longer works anywhere.
    assert client.get("/me").status_code == 401
    assert client.get("/tickets").status_code == 401
    assert client.post("/auth/logout").status_code == 401


def test_logout_keeps_the_users_other_sessions(sign_in, make_client, customer):
    laptop, phone = sign_in(customer), sign_in(customer)
    assert make_client(token=laptop.token).post("/auth/logout").status_code == 204
    assert make_client(token=phone.token).get("/me").status_code == 200


def test_logout_needs_a_session(anon):
    assert anon.post("/auth/logout").status_code == 401


def test_signup_creates_a_customer_and_signs_them_in(anon, db):
    response = anon.post("/auth/signup", json={"email": "New@Example.com", "name": "Nina New",
                                                "password": "long enough"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["user"]["role"] == "customer" and body["user"]["email"] == "new@example.com"
    assert SESSION_COOKIE in _set_cookies(response)
    me = anon.get("/me", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.json()["name"] == "Nina New"


def test_signup_cannot_choose_a_role(anon, db):
    response = anon.post("/auth/signup", json={"email": "sneaky@example.com", "name": "Sneaky",
                                                "password": "long enough", "role": "admin"})
    assert response.status_code == 201
    assert db.exec(select(User.role).where(User.email == "sneaky@example.com")).one() == Role.customer


def test_signup_with_bad_fields_is_422_with_a_message_per_field(anon):
    messages = field_messages(anon.post("/auth/signup", json={"email": "nope", "name": "", "password": "short"}))
    assert messages == {
        "body.email": "Enter a valid email address, like name@example.com.",
        "body.name": "Enter a name.",
        "body.password": "Use at least 8 characters.",
    }
    messages = field_messages(anon.post("/auth/signup", json={"email": "a@example.com"}))
    assert set(messages) == {"body.name", "body.password"}


def test_signup_with_a_taken_email_is_409(anon, customer):
    response = anon.post("/auth/signup", json={"email": customer.email, "name": "Copy", "password": "long enough"})
    assert response.status_code == 409
    assert response.json()["detail"][0]["loc"] == ["body", "email"]


def test_signup_can_be_turned_off(anon, settings_override, db):
    settings_override(signup_enabled=False)
    response = anon.post("/auth/signup", json={"email": "new@example.com", "name": "Nina", "password": "long enough"})
    assert response.status_code == 403
    assert "Sign-up is turned off" in response.json()["detail"]
    assert db.exec(select(func.count()).select_from(User)).one() == 0
