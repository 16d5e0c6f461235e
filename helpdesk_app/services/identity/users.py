"""User accounts: creation, listing, role changes, deactivation."""

from sqlmodel import Session, delete, func, select

from helpdesk_app.models import AuthSession, MailKind, Role, User, utcnow
from helpdesk_app.services.common.errors import Conflict, InvalidInput, NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.validation import (
    email_error, name_error, normalize_email, paging_error, password_error, valid_id,
)
from helpdesk_app.services.identity.passwords import hash_password
from helpdesk_app.services.mailing.queue import queue_account_mail


@use_case
def register_user(session: Session, *, email: str, name: str, password: str, role: Role | str,
                  actor: Actor | None = None, verified: bool = False) -> User:
    """Create an account; without an acting user for sign-up, the CLI and demo data. `verified`: the
    address is known to be its owner's (the CLI's admin, demo data); otherwise a link is mailed."""
    email = normalize_email(email)
    errors = {
        k: v for k, v in {
            "email": email_error(email), "name": name_error(name or ""),
            "password": password_error(password),
        }.items() if v
    }
    try:
        role = Role(role)
    except ValueError:
        errors["role"] = "Choose admin, agent or customer."
    if errors:
        raise InvalidInput(errors)
    if session.exec(select(User.id).where(User.email == email)).first() is not None:
        raise Conflict({"email": "An account with this email already exists."})
    user = User(email=email, name=name.strip(), role=role, password_hash=hash_password(password),
                email_verified_at=utcnow() if verified else None)
    session.add(user)
    session.flush()
    if not verified:
        queue_account_mail(session, kind=MailKind.verify_email, user_id=user.id, to_address=user.email)
    record(session, EventType.user_created, actor_id=actor.id if actor else None, user_id=user.id, role=role.value)
    return user


def create_user(session: Session, *, actor: Actor, email: str, name: str, password: str, role: Role | str) -> User:
    require(actor, Action.manage_users)
    return register_user(session, email=email, name=name, password=password, role=role, actor=actor)


def list_users(session: Session, *, actor: Actor, page: int = 1, per_page: int = 50,
               verified: bool | None = None) -> tuple[list[User], int]:
    """A page of accounts by name; `verified` False: only those whose address nobody has confirmed yet."""
    require(actor, Action.manage_users)
    error = paging_error(page, per_page)
    if error:
        raise InvalidInput({"page": error}, location="query")
    where = [] if verified is None else [
        User.email_verified_at.is_not(None) if verified else User.email_verified_at.is_(None)]
    total = session.exec(select(func.count()).select_from(User).where(*where)).one()
    rows = session.exec(select(User).where(*where).order_by(User.name, User.id)
                        .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def list_staff(session: Session, *, actor: Actor) -> list[User]:
    """Active agents and admins: the people a ticket can be assigned to."""
    require(actor, Action.list_staff)
    return list(session.exec(
        select(User).where(User.role.in_([Role.admin, Role.agent]), User.is_active).order_by(User.name)
    ).all())


def list_customers(session: Session, *, actor: Actor, limit: int = 500) -> list[User]:
    """Active customers, for opening a ticket on someone's behalf."""
    require(actor, Action.create_ticket_for_customer)
    return list(session.exec(
        select(User).where(User.role == Role.customer, User.is_active).order_by(User.name).limit(limit)
    ).all())


def _get(session: Session, user_id: int) -> User:
    user = session.get(User, user_id) if valid_id(user_id) else None
    if user is None:
        raise NotFound("User not found.")
    return user


def _guard_last_admin(session: Session, user: User) -> None:
    if user.role != Role.admin or not user.is_active:
        return
    admins = session.exec(select(func.count()).where(User.role == Role.admin, User.is_active)).one()
    if admins <= 1:
        raise InvalidInput({"role": "The last active admin cannot be demoted or deactivated."})


@use_case
def update_user(
    session: Session, *, actor: Actor, user_id: int, role: Role | str | None = None, is_active: bool | None = None
) -> User:
    require(actor, Action.manage_users)
    user = _get(session, user_id)
    before = {"role": user.role.value, "is_active": user.is_active}
    if role is not None:
        try:
            role = Role(role)
        except ValueError:
            raise InvalidInput({"role": "Choose admin, agent or customer."}) from None
        if role != Role.admin:
            _guard_last_admin(session, user)
        user.role = role
    if is_active is not None and is_active != user.is_active:
        if not is_active:
            _guard_last_admin(session, user)
            # Deactivation ends every session at once.
            session.exec(delete(AuthSession).where(AuthSession.user_id == user.id))
        user.is_active = is_active
    session.add(user)
    session.flush()
    changed = {k: v for k, v in {"role": user.role.value, "is_active": user.is_active}.items() if before[k] != v}
    if changed:
        record(session, EventType.user_changed, actor_id=actor.id, user_id=user.id, **changed)
    return user
