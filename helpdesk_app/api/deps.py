"""Request dependencies: the database session and the signed-in user (bearer or cookie + CSRF)."""

import hmac
from collections.abc import Iterator
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlmodel import Session

from helpdesk_app.db import session_scope
from helpdesk_app.models import User
from helpdesk_app.services import auth
from helpdesk_app.services.auth import CSRF_COOKIE, SESSION_COOKIE
from helpdesk_app.services.errors import Forbidden, NotAuthenticated

CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def db_session() -> Iterator[Session]:
    with session_scope() as session:
        yield session


DB = Annotated[Session, Depends(db_session)]


def request_token(request: Request) -> tuple[str | None, bool]:
    """The session token and whether it came from the cookie (which needs CSRF protection)."""
    bearer = auth.token_from_headers("", request.headers.get("authorization", ""))
    if bearer:
        return bearer, False
    return request.cookies.get(SESSION_COOKIE), True


def check_origin(request: Request) -> None:
    """Refuse a browser write sent from another site (checked before any cookie is trusted)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden("Cross-site request refused.")


def current_user(request: Request, session: DB) -> User:
    token, from_cookie = request_token(request)
    found = auth.resolve(session, token)
    if found is None:
        raise NotAuthenticated()
    user, auth_session = found
    if from_cookie and request.method not in SAFE_METHODS:
        check_origin(request)
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), auth_session.csrf_token.encode()):
            raise Forbidden(f"Missing or wrong {CSRF_HEADER} header (send the {CSRF_COOKIE} cookie's value).")
    return user


CurrentUser = Annotated[User, Depends(current_user)]
