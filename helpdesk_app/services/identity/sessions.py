"""Server-side sessions: issued at sign-in, carried as a bearer token or an HttpOnly cookie."""

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from http.cookies import CookieError, SimpleCookie

from sqlmodel import Session, delete

from helpdesk_app.config import get_settings
from helpdesk_app.models import AuthSession, User, utcnow
from helpdesk_app.services.common.unit_of_work import use_case

# Where browsers keep the session: an HttpOnly cookie, plus a script-readable CSRF cookie.
SESSION_COOKIE = "helpdesk_session"
CSRF_COOKIE = "helpdesk_csrf"


@dataclass(frozen=True)
class IssuedSession:
    """A new session. `token` goes to the client once; only its hash is stored."""

    token: str
    csrf_token: str
    user: User
    max_age: int


def token_from_headers(cookie_header: str, authorization: str = "") -> str | None:
    """The session token a request carries: a bearer token, else the session cookie."""
    scheme, _, value = authorization.partition(" ")
    if scheme.lower() == "bearer" and value.strip():
        return value.strip()
    cookie = SimpleCookie()
    try:
        cookie.load(cookie_header or "")
    except CookieError:  # a malformed cookie header is just "not signed in"
        return None
    morsel = cookie.get(SESSION_COOKIE)
    return morsel.value if morsel else None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@use_case
def start_session(session: Session, user: User) -> IssuedSession:
    settings = get_settings()
    token = secrets.token_urlsafe(32)
    csrf = secrets.token_urlsafe(24)
    session.add(AuthSession(
        token_hash=hash_token(token), user_id=user.id, csrf_token=csrf,
        expires_at=utcnow() + timedelta(hours=settings.session_hours),
    ))
    session.flush()
    return IssuedSession(token=token, csrf_token=csrf, user=user, max_age=settings.session_hours * 3600)


def is_live(expires_at: datetime, user_is_active: bool) -> bool:
    """Whether a session still signs its user in: not expired, and the user not deactivated."""
    return expires_at > utcnow() and user_is_active


@use_case
def logout(session: Session, token: str | None) -> None:
    if token:
        session.exec(delete(AuthSession).where(AuthSession.token_hash == hash_token(token)))
