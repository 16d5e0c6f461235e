"""Request dependencies: the database session and the signed-in user (bearer or cookie + CSRF)."""

import hmac
from collections.abc import Callable, Iterator
from typing import Annotated, TypeVar
from urllib.parse import urlsplit

from fastapi import Depends, Request
from sqlalchemy import Connection
from sqlalchemy.exc import OperationalError
from sqlmodel import Session
from starlette.concurrency import run_in_threadpool

from helpdesk_app import runtime
from helpdesk_app.db import get_engine, new_session, own_connection
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated
from helpdesk_app.services.identity import access, sessions
from helpdesk_app.services.identity.access import Access, Caller
from helpdesk_app.services.identity.sessions import CSRF_COOKIE, SESSION_COOKIE

T = TypeVar("T")
CSRF_HEADER = "X-CSRF-Token"
SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}


def db_session() -> Iterator[Session]:
    with new_session() as session:
        yield session


DB = Annotated[Session, Depends(db_session)]


def request_token(request: Request) -> tuple[str | None, bool]:
    """The session token and whether it came from the cookie (which needs CSRF protection)."""
    bearer = sessions.token_from_headers("", request.headers.get("authorization", ""))
    if bearer:
        return bearer, False
    return request.cookies.get(SESSION_COOKIE), True


def check_origin(request: Request) -> None:
    """Refuse a browser write sent from another site (checked before any cookie is trusted)."""
    origin = request.headers.get("origin")
    if origin and origin != "null" and urlsplit(origin).netloc != request.headers.get("host"):
        raise Forbidden("Cross-site request refused.")


def signed_in(request: Request, found: Access | None) -> Access:
    """The access lookup's answer for this request: 401 without a live session, 403 for a cookie-signed
    write without its CSRF token."""
    if found is None:
        raise NotAuthenticated()
    check_csrf(request, found.csrf_token, request_token(request)[1])
    return found


def current_user(request: Request, session: DB) -> Caller:
    return signed_in(request, access.resolve(session, request_token(request)[0])).caller


async def access_on_loop(request: Request, **lookup) -> Access:
    """signed_in's answer from one statement, on the event loop where the database is local (the
    plain routes' way: cheaper than the thread hops around it), else in a worker thread."""
    token = request_token(request)[0]
    found = await quick_read(lambda conn: access.resolve(conn, token, **lookup), on_loop=runtime.database_is_local())
    return signed_in(request, found)


def check_csrf(request: Request, csrf_token: str, from_cookie: bool) -> None:
    """A write signed in by the cookie must come from our own pages, with the session's CSRF token."""
    if from_cookie and request.method not in SAFE_METHODS:
        check_origin(request)
        sent = request.headers.get(CSRF_HEADER, "")
        if not hmac.compare_digest(sent.encode(), csrf_token.encode()):
            raise Forbidden(f"Missing or wrong {CSRF_HEADER} header (send the {CSRF_COOKIE} cookie's value).")


CurrentUser = Annotated[Caller, Depends(current_user)]


async def quick_read(work: Callable[[Connection], T], *, on_loop: bool) -> T:
    """`work(conn)`: a read or two, with no network in between when `on_loop` (SQLite, local disk),
    run right here on the event loop, on the loop thread's own connection: cheaper than the two
    thread hops around it. Otherwise, or if the database is busy, in a worker thread."""
    if on_loop:
        try:
            with own_connection() as conn:
                return work(conn)
        except OperationalError as e:
            if not getattr(e.orig, "sqlite_errorname", "").startswith(("SQLITE_BUSY", "SQLITE_LOCKED")):
                raise

    def in_thread() -> T:
        with get_engine().connect() as conn:
            return work(conn)
    return await run_in_threadpool(in_thread)
