"""Account mail (services.identity.account_mail and links): verification, forgot password, a changed
address. A link works once, expires, cannot be guessed (256 random bits, only the hash stored)."""

from datetime import timedelta

import pytest
from sqlmodel import select

from helpdesk_app.models import AccountToken, AuthSession, Mail, MailKind, Ticket, TicketCreate, TicketSource, utcnow
from helpdesk_app.services import tickets
from helpdesk_app.services.common.errors import Conflict, InvalidInput, NotFound
from helpdesk_app.services.identity import account_mail, links, sessions, sign_in
from helpdesk_app.services.identity.passwords import verify_password
from helpdesk_app.services.identity.sessions import hash_token
from helpdesk_app.services.tickets.listing import TicketQuery, list_tickets
from tests.support import DEFAULT_PASSWORD


def _token(db, user, purpose=links.VERIFY, email=None):
    """What the worker does as it sends the link (mailing/render.py)."""
    token = links.issue(db, user_id=user.id, purpose=purpose, email=email or user.email)
    db.commit()
    return token


def test_sign_up_queues_a_verification_and_the_link_works_once(db):
    issued = sign_in.signup(db, email="new@example.com", name="New", password="long enough")
    user = issued.user
    assert not user.email_verified
    mail = db.exec(select(Mail).where(Mail.user_id == user.id)).one()
    assert mail.kind == MailKind.verify_email and mail.to_address == "new@example.com"
    token = _token(db, user)
    assert len(token) >= 43  # 32 random bytes, url-safe
    stored = db.exec(select(AccountToken)).one()
    assert stored.token_hash == hash_token(token) and token not in stored.token_hash
    assert account_mail.confirm_email(db, token=token).email_verified
    with pytest.raises(InvalidInput):
        account_mail.confirm_email(db, token=token)


def test_a_link_expires_and_a_guess_or_an_older_link_fails(db, customer):
    old = _token(db, customer)
    new = _token(db, customer)  # replaces the older one
    for token in (old, "A" * 43, "short", "x" * 10_000, "ünïcode-token-that-is-long-enough"):
        with pytest.raises(InvalidInput):
            account_mail.confirm_email(db, token=token)
    row = db.exec(select(AccountToken)).one()
    row.expires_at = utcnow() - timedelta(seconds=1)
    db.add(row)
    db.commit()
    with pytest.raises(InvalidInput):
        account_mail.confirm_email(db, token=new)


def test_forgot_password_answers_the_same_and_is_throttled_per_address(db, customer, settings_override):
    settings_override(reset_requests_per_hour=2)
    unknown = account_mail.request_password_reset(db, email="nobody@example.com")
    known = account_mail.request_password_reset(db, email=customer.email.upper())
    assert unknown == known == account_mail.RESET_ANSWER
    for _ in range(3):
        assert account_mail.request_password_reset(db, email=customer.email) == account_mail.RESET_ANSWER
    resets = db.exec(select(Mail).where(Mail.kind == MailKind.reset_password)).all()
    assert len(resets) == 2 and {m.to_address for m in resets} == {customer.email}


def test_a_reset_sets_the_password_once_and_ends_every_session(db, customer):
    sessions.start_session(db, customer)
    token = _token(db, customer, links.RESET)
    with pytest.raises(InvalidInput):
        account_mail.reset_password(db, token=token, password="short")
    account_mail.reset_password(db, token=token, password="a brand new secret")
    db.refresh(customer)
    assert verify_password(customer.password_hash, "a brand new secret") and customer.email_verified
    assert db.exec(select(AuthSession).where(AuthSession.user_id == customer.id)).all() == []
    with pytest.raises(InvalidInput):
        account_mail.reset_password(db, token=token, password="another new secret")
    with pytest.raises(InvalidInput):  # a verify link is not a reset link
        account_mail.reset_password(db, token=_token(db, customer, links.VERIFY), password="another new secret")


def test_a_new_address_takes_effect_only_when_verified(db, customer, other_customer):
    with pytest.raises(InvalidInput):
        account_mail.change_email(db, actor=customer, email="moved@example.com", password="wrong password")
    with pytest.raises(Conflict):
        account_mail.change_email(db, actor=customer, email=other_customer.email, password=DEFAULT_PASSWORD)
    assert account_mail.own_address(db, actor=customer).changing_to is None
    account_mail.change_email(db, actor=customer, email="Moved@Example.com", password=DEFAULT_PASSWORD)
    db.refresh(customer)
    assert customer.email != "moved@example.com"
    assert account_mail.own_address(db, actor=customer) == account_mail.Address(customer.email, False,
                                                                                 "moved@example.com")
    mail = db.exec(select(Mail).where(Mail.to_address == "moved@example.com")).one()
    assert mail.payload == {"email": "moved@example.com"}
    account_mail.confirm_email(db, token=_token(db, customer, email="moved@example.com"))
    db.refresh(customer)
    assert customer.email == "moved@example.com" and customer.email_verified
    assert account_mail.own_address(db, actor=customer).changing_to is None


def test_admins_resend_a_verification_and_others_cannot(db, admin, agent, customer):
    account_mail.resend_verification(db, actor=admin, user_id=customer.id)
    with pytest.raises(Exception):  # noqa: B017  Forbidden: only admins send someone else's
        account_mail.resend_verification(db, actor=agent, user_id=customer.id)
    with pytest.raises(NotFound):
        account_mail.resend_verification(db, actor=admin, user_id=999_999)
    account_mail.confirm_email(db, token=_token(db, customer))
    with pytest.raises(InvalidInput):
        account_mail.resend_verification(db, actor=customer)


def test_an_unverified_account_never_sees_a_mailed_in_ticket(db, customer, agent):
    web = tickets.create_ticket(db, actor=customer, data=TicketCreate(subject="From the web", description="x"))
    mailed = tickets.create_ticket(db, actor=agent, data=TicketCreate(subject="From mail", description="x",
                                                                        requester_id=customer.id))
    row = db.get(Ticket, mailed.id)
    row.source = TicketSource.mail
    db.add(row)
    db.commit()
    assert [t.id for t in list_tickets(db, actor=customer, query=TicketQuery()).items] == [web.id]
    with pytest.raises(NotFound):
        tickets.get_visible(db, actor=customer, ticket_id=mailed.id)
    account_mail.confirm_email(db, token=_token(db, customer))
    db.refresh(customer)
    assert {t.id for t in list_tickets(db, actor=customer, query=TicketQuery()).items} == {web.id, mailed.id}
