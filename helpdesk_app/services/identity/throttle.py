"""Sign-in throttling that slows and refuses guessing, never a user who is not guessing.

Failures are counted per account and per (account, address) pair within the window
(HELPDESK_LOGIN_WINDOW_MINUTES):
- an address that failed HELPDESK_LOGIN_MAX_FAILURES times on one account is refused for that
  account (429), the right password included: that is the guesser;
- an account that failed four times that often, from anywhere, is under a spread-out attack:
  every address that has failed on it is refused, and each other address gets one try;
- an address that failed four times that often across accounts (spraying one password over
  many) has its failures answered slowly (`slow_down`); its right passwords are answered at once.
A right password from an address that has not been guessing that account is never refused:
behind a reverse proxy every user may share one address (see api/client_address.py).
"""

from dataclasses import dataclass
from datetime import timedelta

from sqlmodel import Session, func, select

from helpdesk_app.config import get_settings
from helpdesk_app.models import LoginFailure, utcnow
from helpdesk_app.services.common.errors import Throttled

SPREAD = 4  # how many times the per-pair limit an account (or an address) may fail before the wider rules


@dataclass(frozen=True)
class Verdict:
    slow_down: float  # seconds to hold back the answer to a failure from this address


def _failures(session: Session, *where) -> int:
    since = utcnow() - timedelta(minutes=get_settings().login_window_minutes)
    return session.exec(select(func.count()).where(LoginFailure.created_at >= since, *where)).one()


def check(session: Session, *, email: str, ip: str) -> Verdict:
    """Throttled if this address may not try this account now; else how slowly to answer a failure."""
    settings = get_settings()
    limit = settings.login_max_failures
    pair = _failures(session, LoginFailure.email == email, LoginFailure.ip == ip)
    if pair >= limit or (pair and _failures(session, LoginFailure.email == email) >= limit * SPREAD):
        raise Throttled("Too many failed sign-in attempts. Wait a few minutes and try again.",
                        retry_after=settings.login_window_minutes * 60)
    spraying = _failures(session, LoginFailure.ip == ip) >= limit * SPREAD
    return Verdict(slow_down=settings.login_slow_down_seconds if spraying else 0.0)
