"""Account mail: verifying an address, "forgot password", changing the address; through the mail queue.

"Forgot password" answers the same whether the address has an account or not, and asks are counted
per address whatever the answer (HELPDESK_RESET_REQUESTS_PER_HOUR): past the limit nothing more is
sent, and the answer is still the same. A new address takes effect only once its link is opened.
"""

import dataclasses
from datetime import timedelta

from sqlalchemy import delete, func
from sqlmodel import Session, select

from helpdesk_app.config import get_settings
from helpdesk_app.models import AuthSession, Mail, MailKind, MailStatus, ResetRequest, User, utcnow
from helpdesk_app.services.common.errors import Conflict, InvalidInput, NotFound
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.validation import email_error, normalize_email, password_error, valid_id
from helpdesk_app.services.identity import links
from helpdesk_app.services.identity.passwords import hash_password, verify_password
from helpdesk_app.services.mailing.queue import queue_account_mail

RESET_ANSWER = "If an account uses that address, a link to set a new password is on its way."


def send_verification(session: Session, user: User, email: str | None = None) -> None:
    """Queue a link that verifies `email` (the account's own address, or one it is changing to)."""
    queue_account_mail(session, kind=MailKind.verify_email, user_id=user.id, to_address=email or user.email)


@use_case
def resend_verification(session: Session, *, actor: Actor, user_id: int | None = None) -> None:
    """The caller's own link again, or (admins) someone else's."""
    if user_id is not None and user_id != actor.id:
        require(actor, Action.manage_users)
    else:
        require(actor, Action.view_ticket)
    user = session.get(User, user_id if user_id is not None else actor.id) if valid_id(user_id or actor.id) else None
    if user is None:
        raise NotFound("User not found.")
    if user.email_verified:
        raise InvalidInput({"email": "This address is verified already."})
    send_verification(session, user)


@dataclasses.dataclass(frozen=True)
class Address:
    email: str
    verified: bool
    changing_to: str | None  # a new address waiting for its link to be opened


def own_address(session: Session, *, actor: Actor) -> Address:
    """The caller's address, whether it is verified, and the one it is being changed to (its link still valid)."""
    require(actor, Action.view_ticket)
    user = session.get(User, actor.id)
    since = utcnow() - timedelta(hours=get_settings().verify_link_hours)
    latest = session.exec(select(Mail.to_address).where(
        Mail.user_id == user.id, Mail.kind == MailKind.verify_email, Mail.status != MailStatus.failed,
        Mail.created_at >= since).order_by(Mail.id.desc()).limit(1)).first()
    return Address(user.email, user.email_verified, latest if latest and latest != user.email else None)


@use_case
def confirm_email(session: Session, *, token: str) -> User:
    spent = links.spend(session, token=token, purpose=links.VERIFY)
    user = session.get(User, spent.user_id)
    if user.email != spent.email:
        taken = session.exec(select(User.id).where(User.email == spent.email, User.id != user.id)).first()
        if taken is not None:
            raise Conflict({"email": "Another account took this address in the meantime."})
        user.email = spent.email
        # The tickets they requested are found by their address: the index learns the new one.
        record(session, EventType.user_changed, actor_id=user.id, user_id=user.id, email=user.email)
    user.email_verified_at = utcnow()
    session.add(user)
    return user


@use_case
def change_email(session: Session, *, actor: Actor, email: str, password: str) -> str:
    """Send a link to the new address; the account keeps its old one until the link is opened."""
    require(actor, Action.view_ticket)
    user = session.get(User, actor.id)
    email = normalize_email(email)
    error = email_error(email)
    if error:
        raise InvalidInput({"email": error})
    if not verify_password(user.password_hash, password or ""):
        raise InvalidInput({"password": "That is not your current password."})
    if email == user.email:
        raise InvalidInput({"email": "That is your address already."})
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise Conflict({"email": "An account with this email already exists."})
    send_verification(session, user, email)
    return email


@use_case
def request_password_reset(session: Session, *, email: str) -> str:
    """Always RESET_ANSWER: whether a mail goes out is nobody's business but the address's owner.
    Only input no address could be (a NUL, past 320 characters) is refused, which tells nothing."""
    if "\x00" in email or len(email) > 320:
        raise InvalidInput({"email": "Enter an email address of at most 320 characters, without NUL."})
    email = normalize_email(email)[:254]
    s = get_settings()
    asked = session.exec(select(func.count()).where(
        ResetRequest.email == email, ResetRequest.created_at >= utcnow() - timedelta(hours=1))).one()
    session.add(ResetRequest(email=email))
    if asked < s.reset_requests_per_hour and not email_error(email):
        user = session.exec(select(User).where(User.email == email)).first()
        if user is not None and user.is_active:
            queue_account_mail(session, kind=MailKind.reset_password, user_id=user.id, to_address=user.email)
    return RESET_ANSWER


@use_case
def reset_password(session: Session, *, token: str, password: str) -> User:
    """Set the new password; every session of the account ends (whoever knew the old one is out)."""
    error = password_error(password or "")
    if error:
        raise InvalidInput({"password": error})
    spent = links.spend(session, token=token, purpose=links.RESET)
    user = session.get(User, spent.user_id)
    if user is None or not user.is_active:
        raise InvalidInput({"token": "This account cannot sign in. Ask the help desk."})
    user.password_hash = hash_password(password)
    if user.email == spent.email and user.email_verified_at is None:
        user.email_verified_at = utcnow()  # the link reached the address: it is theirs
    session.add(user)
    session.execute(delete(AuthSession).where(AuthSession.user_id == user.id))
    return user
