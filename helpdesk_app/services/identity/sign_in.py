"""Signing in (failed attempts throttled: throttle.py) and signing up."""

from sqlmodel import Session, delete, select

from helpdesk_app.config import get_settings
from helpdesk_app.models import LoginFailure, Role, User
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotAuthenticated
from helpdesk_app.services.common.unit_of_work import transaction, use_case
from helpdesk_app.services.common.validation import normalize_email, storable
from helpdesk_app.services.identity import throttle, users
from helpdesk_app.services.identity.passwords import verify_password
from helpdesk_app.services.identity.sessions import IssuedSession, start_session


class SignInRefused(NotAuthenticated):
    """Wrong email or password, or a deactivated account; `slow_down`: seconds to hold the answer back."""

    def __init__(self, slow_down: float = 0.0):
        super().__init__("Wrong email or password, or the account is deactivated.")
        self.slow_down = slow_down


def login(session: Session, *, email: str, password: str, ip: str = "") -> IssuedSession:
    """A new session for the right password; Throttled or SignInRefused (see throttle.py) otherwise."""
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
        raise SignInRefused()
    with transaction(session):
        verdict = throttle.check(session, email=email, ip=ip)
        user = session.exec(select(User).where(User.email == email)).first()
        if verify_password(user.password_hash if user else None, password) and user.is_active:
            # This address's slate for this account is clean again; others' guesses still count.
            session.exec(delete(LoginFailure).where(LoginFailure.email == email, LoginFailure.ip == ip))
            return start_session(session, user)
    with transaction(session):  # the failure must count even though we raise
        session.add(LoginFailure(email=email, ip=ip))
    raise SignInRefused(verdict.slow_down)


@use_case
def signup(session: Session, *, email: str, name: str, password: str) -> IssuedSession:
    if not get_settings().signup_enabled:
        raise Forbidden("Sign-up is turned off. Ask the help desk for an account.")
    # Self sign-up has no acting admin: register directly, always as a customer.
    user = users.register_user(session, email=email, name=name, password=password, role=Role.customer)
    return start_session(session, user)
