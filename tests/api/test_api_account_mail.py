"""Account mail over HTTP: forgot and reset password, verifying, and what an unverified account sees."""

from sqlmodel import select

from helpdesk_app.models import Mail, MailKind, Ticket, TicketCreate, TicketSource
from helpdesk_app.services import tickets
from helpdesk_app.services.identity import links


def test_forgot_password_says_the_same_for_any_address(anon, customer):
    known = anon.post("/auth/forgot-password", json={"email": customer.email})
    unknown = anon.post("/auth/forgot-password", json={"email": "nobody@example.com"})
    assert known.status_code == unknown.status_code == 202 and known.json() == unknown.json()


def test_forgot_password_refuses_what_no_address_could_be(anon, db):
    for email in ("a\x00b@example.com", "a" * 321):
        answer = anon.post("/auth/forgot-password", json={"email": email})
        assert answer.status_code == 422 and "320 characters" in answer.text
    assert not db.exec(select(Mail)).all()


def test_a_reset_link_sets_the_password_once(anon, db, customer):
    anon.post("/auth/forgot-password", json={"email": customer.email})
    assert db.exec(select(Mail).where(Mail.kind == MailKind.reset_password)).one().to_address == customer.email
    token = links.issue(db, user_id=customer.id, purpose=links.RESET, email=customer.email)
    db.commit()
    assert anon.post("/auth/reset-password", json={"token": token, "password": "a new secret!"}).status_code == 204
    again = anon.post("/auth/reset-password", json={"token": token, "password": "another secret"})
    assert again.status_code == 422 and "not valid any more" in again.text
    assert anon.post("/auth/login", json={"email": customer.email, "password": "a new secret!"}).status_code == 200


def test_an_unverified_customer_cannot_reach_a_mailed_in_ticket(client_for, db, customer, agent, anon):
    mailed = tickets.create_ticket(db, actor=agent, data=TicketCreate(subject="By mail", description="x",
                                                                        requester_id=customer.id))
    row = db.get(Ticket, mailed.id)
    row.source = TicketSource.mail
    db.add(row)
    db.commit()
    as_customer = client_for(customer)
    assert as_customer.get(f"/tickets/{mailed.id}").status_code == 404
    assert as_customer.get(f"/tickets/{mailed.id}/replies").status_code == 404
    assert as_customer.get("/tickets").json()["total"] == 0
    token = links.issue(db, user_id=customer.id, purpose=links.VERIFY, email=customer.email)
    db.commit()
    assert anon.post("/auth/verify-email", json={"token": token}).json()["email_verified"] is True
    assert as_customer.get(f"/tickets/{mailed.id}").status_code == 200


def test_changing_the_address_needs_the_password_and_a_link(client_for, customer):
    as_customer = client_for(customer)
    wrong = as_customer.post("/me/email", json={"email": "new@example.com", "password": "not it"})
    assert wrong.status_code == 422
    from tests.support import DEFAULT_PASSWORD
    right = as_customer.post("/me/email", json={"email": "new@example.com", "password": DEFAULT_PASSWORD})
    assert right.status_code == 202 and as_customer.get("/me").json()["email"] == customer.email
