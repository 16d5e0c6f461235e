"""Sign-in throttling over HTTP: guessing is refused or slowed, a real user never locked out by it,
and X-Forwarded-For believed only from the proxies named in HELPDESK_TRUSTED_PROXIES."""

import secrets
import time

import pytest


def _login(client, email: str, password: str, **headers) -> int:
    return client.post("/auth/login", json={"email": email, "password": password}, headers=headers).status_code


@pytest.fixture
def fast_slow_down(settings_override):
    settings_override(login_slow_down_seconds=0.01)  # the rule, not the wait, is under test here


def test_an_attacker_guessing_random_accounts_does_not_stop_a_user_at_the_same_address(
        anon, make_user, fast_slow_down):
    user, password = make_user(email="pat@example.com")
    codes = {_login(anon, f"{secrets.token_hex(4)}@example.com", "password1") for _ in range(100)}
    assert codes == {401}
    assert _login(anon, user.email, password) == 200  # the same address (127.0.0.1), right password


def test_six_bad_passwords_for_one_account_are_throttled(anon, make_user):
    user, password = make_user(email="pat@example.com")
    codes = [_login(anon, user.email, f"guess {i}") for i in range(6)]
    assert codes == [401] * 5 + [429]
    throttled = anon.post("/auth/login", json={"email": user.email, "password": password})
    assert (throttled.status_code, throttled.headers["retry-after"]) == (429, str(15 * 60))
    assert "Too many failed sign-in attempts" in throttled.json()["detail"]


def test_failures_from_an_address_spraying_many_accounts_are_answered_slowly(anon, make_user, settings_override):
    settings_override(login_max_failures=2, login_slow_down_seconds=0.5)  # slowed from 8 failures on
    user, password = make_user(email="pat@example.com")
    for i in range(8):
        assert _login(anon, f"spray{i}@example.com", "password1") == 401
    started = time.monotonic()
    assert _login(anon, "spray9@example.com", "password1") == 401
    assert time.monotonic() - started >= 0.5
    started = time.monotonic()
    assert _login(anon, user.email, password) == 200
    assert time.monotonic() - started < 0.5  # the right password is not held back


def test_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy(anon, make_user):
    user, password = make_user(email="pat@example.com")
    # A guesser forging a new X-Forwarded-For each time is still counted by its real address.
    codes = [_login(anon, user.email, "guess", **{"X-Forwarded-For": f"198.51.100.{i}"}) for i in range(6)]
    assert codes == [401] * 5 + [429]


def test_behind_a_trusted_proxy_each_client_is_counted_by_its_own_address(anon, make_user, settings_override):
    settings_override(trusted_proxies="127.0.0.0/8, ::1")
    user, password = make_user(email="pat@example.com")
    guesser = {"X-Forwarded-For": "203.0.113.9, 127.0.0.1"}  # the proxy appended its own hop: also trusted
    assert [_login(anon, user.email, "guess", **guesser) for _ in range(6)] == [401] * 5 + [429]
    # The real user comes through the same proxy from another address.
    assert _login(anon, user.email, password, **{"X-Forwarded-For": "192.0.2.44"}) == 200
    # What the client put left of the proxy's entry is not believed over the proxy's own.
    assert _login(anon, user.email, "guess", **{"X-Forwarded-For": "192.0.2.44, 203.0.113.9"}) == 429
