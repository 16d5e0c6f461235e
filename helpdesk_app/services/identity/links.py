"""The tokens behind mailed links: 256 random bits in the link, only their sha256 in the database;
each works once, until it expires, and a newer one of the same kind replaces the older."""

import secrets
from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, select

from helpdesk_app.config import get_settings
from helpdesk_app.models import AccountToken, utcnow
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.identity.sessions import hash_token

VERIFY, RESET = "verify", "reset"
TOKEN_MAX = 200  # longer than any token we make: a longer one is refused before it is hashed


def _lifetime(purpose: str) -> timedelta:
    s = get_settings()
    return timedelta(minutes=s.reset_link_minutes) if purpose == RESET else timedelta(hours=s.verify_link_hours)


def issue(session: Session, *, user_id: int, purpose: str, email: str) -> str:
    """A new token (in the caller's transaction); older unused ones of this kind for the user stop working."""
    now = utcnow()
    session.execute(delete(AccountToken).where(AccountToken.user_id == user_id, AccountToken.purpose == purpose,
                                               AccountToken.used_at.is_(None)))
    token = secrets.token_urlsafe(32)
    session.add(AccountToken(token_hash=hash_token(token), user_id=user_id, purpose=purpose, email=email,
                             created_at=now, expires_at=now + _lifetime(purpose)))
    session.flush()
    return token


def spend(session: Session, *, token: str, purpose: str) -> AccountToken:
    """The token's record, marked used (in the caller's use case); InvalidInput if it is unknown, used or expired."""
    problem = InvalidInput({"token": "This link is not valid any more: it was used, has expired, or was replaced "
                                     "by a newer one. Ask for a new one."})
    if not isinstance(token, str) or not 20 <= len(token) <= TOKEN_MAX or not token.isascii():
        raise problem
    found = session.exec(select(AccountToken).where(AccountToken.token_hash == hash_token(token),
                                                    AccountToken.purpose == purpose)).first()
    now = utcnow()
    if found is None or found.used_at is not None or found.expires_at <= now:
        raise problem
    # Only one request can spend it: the row changes only while still unused.
    spent = session.execute(update(AccountToken).where(AccountToken.id == found.id, AccountToken.used_at.is_(None))
                            .values(used_at=now).execution_options(synchronize_session=False))
    if spent.rowcount != 1:
        raise problem
    return found
