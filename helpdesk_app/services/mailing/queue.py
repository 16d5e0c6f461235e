"""Putting a mail in the queue, in the caller's transaction: the worker sends it after the commit."""

import secrets

from sqlmodel import Session

from helpdesk_app.config import get_settings
from helpdesk_app.models import Mail, MailKind, utcnow


def new_message_id() -> str:
    """Made once per mail and kept: a retry sends the same Message-ID, so a duplicate is one to the client."""
    return f"hd-{secrets.token_hex(12)}@{domain()}"


def domain() -> str:
    return get_settings().mail_from.rpartition("@")[2] or "localhost"


def thread_id(ticket_id: int) -> str:
    """The ticket's thread: every mail about it is In-Reply-To it, so mail clients group them (and the
    mail intake finds the ticket a reply is about)."""
    return f"hd-ticket-{ticket_id}@{domain()}"


def queue_account_mail(session: Session, *, kind: MailKind, user_id: int, to_address: str) -> Mail:
    """A link for an account (its token is made when the worker sends it, so it is never stored in clear)."""
    mail = Mail(kind=kind, user_id=user_id, to_address=to_address, message_id=new_message_id(),
                payload={"email": to_address}, available_at=utcnow())
    session.add(mail)
    session.flush()
    return mail
