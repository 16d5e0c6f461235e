"""Signing in (with throttling of failed attempts) and signing up."""

from datetime import timedelta

from sqlmodel import Session, delete, func, select

from helpdesk_app.config import get_settings
from helpdesk_app.models import LoginFailure, Role, User, utcnow
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotAuthenticated, Throttled
from helpdesk_app.services.common.unit_of_work import transaction, use_case
from helpdesk_app.services.common.validation import normalize_email, storable
from helpdesk_app.services.identity import users
from helpdesk_app.services.identity.passwords import verify_password
from helpdesk_app.services.identity.sessions import IssuedSession, start_session


def _check_throttle(session: Session, email: str, ip: str) -> None:
    settings = get_settings()
    since = utcnow() - timedelta(minutes=settings.login_window_minutes)
    by_email = session.exec(
        select(func.count()).where(LoginFailure.email == email, LoginFailure.created_at >= since)
    ).one()
    by_ip = session.exec(
        select(func.count()).where(LoginFailure.ip == ip, LoginFailure.created_at >= since)
    ).one()
    # An address may try several accounts, but not without bound.
    if by_email >= settings.login_max_failures or by_ip >= settings.login_max_failures * 4:
        raise Throttled(
            "Too many failed sign-in attempts. Wait a few minutes and try again.",
            retry_after=settings.login_window_minutes * 60,
        )


def login(session: Session, *, email: str, password: str, ip: str = "") -> IssuedSession:
    email = normalize_email(email)
    if not email or not password:
        fields = {}
        if not email:
            fields["email"] = "Enter your email address."
        if not password:
            fields["password"] = "Enter your password."
        raise InvalidInput(fields)
    if len(email) > 254 or not storable(email):
        # No account has such an address, and PostgreSQL could not store it as a failure.
        raise NotAuthenticated("Wrong email or password, or the account is deactivated.")
    with transaction(session):
        _check_throttle(session, email, ip)
        user = session.exec(select(User).where(User.email == email)).first()
        if verify_password(user.password_hash if user else None, password) and user.is_active:
            session.exec(delete(LoginFailure).where(LoginFailure.email == email))
            return start_session(session, user)
    with transaction(session):  # the failure must count even though we raise
        session.add(LoginFailure(email=email, ip=ip))
    raise NotAuthenticated("Wrong email or password, or the account is deactivated.")


@use_case
def signup(session: Session, *, email: str, name: str, password: str) -> IssuedSession:
    if not get_settings().signup_enabled:
        raise Forbidden("Sign-up is turned off. Ask the help desk for an account.")
    # Self sign-up has no acting admin: register directly, always as a customer.
    user = users.register_user(session, email=email, name=name, password=password, role=Role.customer)
    return start_session(session, user)
