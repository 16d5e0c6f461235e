"""Session tokens for the tests of the one-statement lookups (downloads, uploads): a live one for
each persona, and every kind of token that signs nobody in."""

from datetime import timedelta

from helpdesk_app.models import AuthSession, utcnow
from helpdesk_app.services.identity import sessions

PERSONAS = ["admin", "agent", "customer", "other_customer"]


def token_for(db, user) -> str:
    issued = sessions.start_session(db, user)
    db.commit()
    return issued.token


def tokens_signing_nobody_in(db, user, make_user) -> list[str | None]:
    """None, empty, unknown, `user`'s expired session, and a deactivated user's session."""
    expired = token_for(db, user)
    row = db.exec(AuthSession.__table__.select().where(AuthSession.token_hash == sessions.hash_token(expired))).one()
    db.get(AuthSession, row.id).expires_at = utcnow() - timedelta(seconds=1)
    db.commit()
    gone, _ = make_user(email="gone@example.com")
    deactivated = token_for(db, gone)
    gone.is_active = False
    db.add(gone)
    db.commit()
    return [None, "", "not-a-token", expired, deactivated]
