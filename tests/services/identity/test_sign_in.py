"""Sign-in, throttling, sessions, logout and sign-up (services.auth)."""

from datetime import timedelta

import pytest
from sqlmodel import func, select, update

from helpdesk_app.models import AuthSession, LoginFailure, Role, User, utcnow
from helpdesk_app.services.identity import access, sessions, sign_in
from helpdesk_app.services.common.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, Throttled
from helpdesk_app.services.identity.passwords import verify_password


def test_it_logs_in_with_the_right_password(db, make_user):
    user, password = make_user(role=Role.agent, email="pat@example.com")
    issued = sign_in.login(db, email="  PAT@Example.com ", password=password, ip="10.0.0.1")
    db.commit()
    assert issued.user.id == user.id
    assert issued.token and issued.csrf_token and issued.token != issued.csrf_token
    assert issued.max_age == 336 * 3600
    stored = db.exec(select(AuthSession).where(AuthSession.user_id == user.id)).one()
    # Only the token's hash is stored.
    assert stored.token_hash == sessions.hash_token(issued.token)
    assert issued.token not in stored.token_hash
    assert stored.expires_at > utcnow() + timedelta(days=13)
    found = access.resolve(db, issued.token)
    assert found.caller.id == user.id and found.csrf_token == stored.csrf_token


def test_it_refuses_a_wrong_password_and_records_the_failure(db, make_user):
    user, _ = make_user(email="pat@example.com")
    with pytest.raises(NotAuthenticated):
        sign_in.login(db, email=user.email, password="not the password", ip="10.0.0.1")
    assert db.exec(select(func.count()).select_from(AuthSession)).one() == 0
    failures = db.exec(select(LoginFailure)).all()
    assert [(f.email, f.ip) for f in failures] == [("pat@example.com", "10.0.0.1")]


def test_it_refuses_an_unknown_email_the_same_way(db):
    with pytest.raises(NotAuthenticated) as err:
        sign_in.login(db, email="nobody@example.com", password="whatever123")
    assert "Wrong email or password" in err.value.message


def test_it_asks_for_missing_email_and_password(db):
    with pytest.raises(InvalidInput) as err:
        sign_in.login(db, email="  ", password="")
    assert set(err.value.fields) == {"email", "password"}


def test_an_inactive_user_cannot_log_in(db, make_user):
    user, password = make_user(role=Role.agent, is_active=False)
    with pytest.raises(NotAuthenticated):
        sign_in.login(db, email=user.email, password=password)
    assert db.exec(select(func.count()).select_from(AuthSession)).one() == 0


def test_an_address_guessing_one_account_is_throttled_for_that_account(db, make_user):
    user, password = make_user(email="pat@example.com")
    for _ in range(5):
        with pytest.raises(NotAuthenticated):
            sign_in.login(db, email=user.email, password="wrong password", ip="10.0.0.1")
    # The sixth try from there is refused, the right password included: that address is the guesser.
    for guess in ("wrong again", password):
        with pytest.raises(Throttled) as err:
            sign_in.login(db, email=user.email, password=guess, ip="10.0.0.1")
        assert err.value.retry_after == 15 * 60
    # The account's owner, elsewhere, still signs in; so does anyone else from the guesser's address.
    assert sign_in.login(db, email=user.email, password=password, ip="10.9.9.9").user.id == user.id
    other, other_password = make_user(email="sam@example.com")
    assert sign_in.login(db, email=other.email, password=other_password, ip="10.0.0.1").user.id == other.id


def test_guessing_one_account_from_many_addresses_gets_one_try_per_address(db, make_user):
    user, password = make_user(email="pat@example.com")
    db.add_all([LoginFailure(email=user.email, ip=f"10.1.0.{i}", created_at=utcnow()) for i in range(20)])
    db.commit()
    with pytest.raises(Throttled):  # an address that already guessed: refused, right password or not
        sign_in.login(db, email=user.email, password=password, ip="10.1.0.3")
    with pytest.raises(NotAuthenticated):  # a new address gets its one try ...
        sign_in.login(db, email=user.email, password="wrong", ip="10.2.0.1")
    with pytest.raises(Throttled):  # ... and no second
        sign_in.login(db, email=user.email, password="wrong", ip="10.2.0.1")
    # The owner, from an address that never guessed, is never refused.
    assert sign_in.login(db, email=user.email, password=password, ip="192.0.2.7").user.id == user.id


def test_the_throttle_forgets_failures_outside_the_window(db, make_user):
    user, password = make_user(email="pat@example.com")
    old = utcnow() - timedelta(minutes=16)
    db.add_all([LoginFailure(email=user.email, ip="10.0.0.1", created_at=old) for _ in range(5)])
    db.commit()
    assert sign_in.login(db, email=user.email, password=password).user.id == user.id


def test_an_address_failing_across_accounts_is_slowed_never_locked_out(db, make_user, settings_override):
    settings_override(login_max_failures=2, login_slow_down_seconds=1.5)  # spraying from 8 failures on
    user, password = make_user(email="pat@example.com")
    for i in range(7):
        db.add(LoginFailure(email=f"guess{i}@example.com", ip="10.6.6.6", created_at=utcnow()))
    db.commit()
    with pytest.raises(NotAuthenticated) as err:
        sign_in.login(db, email="guess7@example.com", password="whatever123", ip="10.6.6.6")
    assert err.value.slow_down == 0  # the seventh failure there: answered at once
    with pytest.raises(NotAuthenticated) as err:
        sign_in.login(db, email="guess8@example.com", password="whatever123", ip="10.6.6.6")
    assert err.value.slow_down == 1.5  # from the eighth on: held back
    # A user behind the same address (a shared proxy) still signs in, at once.
    assert sign_in.login(db, email=user.email, password=password, ip="10.6.6.6").user.id == user.id


def test_a_successful_login_clears_that_addresses_failures_only(db, make_user):
    user, password = make_user(email="pat@example.com")
    for ip in ("10.0.0.1", "10.0.0.1", "10.0.0.2"):
        with pytest.raises(NotAuthenticated):
            sign_in.login(db, email=user.email, password="wrong password", ip=ip)
    sign_in.login(db, email=user.email, password=password, ip="10.0.0.1")
    assert db.exec(select(LoginFailure.ip)).all() == ["10.0.0.2"]  # someone else's guess still counts


def test_an_expired_session_no_longer_resolves(db, make_user):
    user, _ = make_user()
    issued = sessions.start_session(db, user)
    db.commit()
    assert access.resolve(db, issued.token) is not None
    db.exec(update(AuthSession).values(expires_at=utcnow() - timedelta(seconds=1)))
    db.commit()
    assert access.resolve(db, issued.token) is None


def test_a_session_ends_when_its_user_is_deactivated(db, make_user):
    user, _ = make_user(role=Role.agent)
    issued = sessions.start_session(db, user)
    db.exec(update(User).where(User.id == user.id).values(is_active=False))
    db.commit()
    assert access.resolve(db, issued.token) is None


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_an_unknown_token_resolves_to_nobody(db, token):
    assert access.resolve(db, token) is None


def test_logout_deletes_only_that_session(db, make_user):
    user, _ = make_user()
    first = sessions.start_session(db, user)
    second = sessions.start_session(db, user)
    db.commit()
    sessions.logout(db, first.token)
    db.commit()
    assert access.resolve(db, first.token) is None
    assert access.resolve(db, second.token) is not None


def test_signup_creates_a_signed_in_customer(db):
    issued = sign_in.signup(db, email=" New@Example.com", name="  Nina New ", password="long enough")
    db.commit()
    user = db.get(User, issued.user.id)
    assert (user.email, user.name, user.role, user.is_active) == ("new@example.com", "Nina New", Role.customer, True)
    assert user.password_hash.startswith("$argon2id$")
    assert verify_password(user.password_hash, "long enough")
    assert access.resolve(db, issued.token).caller.id == user.id


def test_signup_checks_its_fields(db):
    with pytest.raises(InvalidInput) as err:
        sign_in.signup(db, email="not-an-email", name=" ", password="short")
    assert set(err.value.fields) == {"email", "name", "password"}
    assert db.exec(select(func.count()).select_from(User)).one() == 0


def test_signup_refuses_a_taken_email(db, customer):
    with pytest.raises(Conflict) as err:
        sign_in.signup(db, email=customer.email.upper(), name="Copy Cat", password="long enough")
    assert "email" in err.value.fields


def test_signup_can_be_turned_off(db, settings_override):
    settings_override(signup_enabled=False)
    with pytest.raises(Forbidden):
        sign_in.signup(db, email="new@example.com", name="Nina", password="long enough")
    assert db.exec(select(func.count()).select_from(User)).one() == 0
