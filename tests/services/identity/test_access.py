"""The one access lookup (identity.access.resolve): with a ticket, as an upload asks it, it decides
exactly as the ORM path (attachments.upload.resolve_target) for every persona and every kind of
ticket, reads the ticket's usage as the upload service does, and refuses sessions that sign nobody
in; it carries the caller (never the password hash) and the session's CSRF token."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Ticket, TicketCreate
from helpdesk_app.models import AuthSession, User
from helpdesk_app.services.attachments import deletion
from helpdesk_app.services.attachments.upload import resolve_target
from helpdesk_app.services.attachments.usage import ticket_usage
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated, NotFound
from helpdesk_app.services.common.policy import Action
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.identity import access
from helpdesk_app.services.identity.sessions import hash_token
from helpdesk_app.services.tickets import check_visible, create_ticket
from tests.blobs import local_blobs
from tests.samples import make_pdf
from tests.session_tokens import PERSONAS, token_for, tokens_signing_nobody_in

PDF = make_pdf()


@pytest.fixture
def blobs(tmp_path):
    return local_blobs(tmp_path / "attachments")


@pytest.fixture
def tickets(db, attach, ticket, customer, admin):
    """The customer's ticket holding two files (one of them deleted), another customer's, and ids
    that name no ticket."""
    attach(customer, [("invoice.pdf", PDF)], ticket=ticket)
    [deleted] = attach(customer, [("old.pdf", PDF), ("kept.pdf", PDF)], ticket=ticket)[:1]
    deletion.delete_attachment(db, actor=admin, attachment_id=deleted.id)
    other = create_ticket(db, actor=admin, data=TicketCreate(subject="Someone else's", description="Theirs."))
    db.commit()
    return {"the customer's": ticket.id, "an agent's": other.id, "missing": 987_654, "zero": 0, "too large": 2**63}


def _outcome(call):
    try:
        return call()
    except (NotFound, NotAuthenticated, Forbidden) as e:
        return type(e)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_agrees_with_resolve_target(request, db, tickets, persona):
    user = request.getfixturevalue(persona)
    token, seen = token_for(db, user), {}
    for kind, ticket_id in tickets.items():
        expected = _outcome(lambda t=ticket_id: resolve_target(db, actor=user, ticket_id=t).ticket.id)
        found = access.resolve(db, token, ticket_id=ticket_id, usage=True)
        assert found is not None and found.caller.id == user.id
        got = _outcome(lambda f=found: check_visible(f.caller, f.ticket, Action.add_attachment).id)
        assert got == expected, (persona, kind)
        if isinstance(got, int):
            assert found.usage == ticket_usage(db, ticket_id) == ((2, 2 * len(PDF)) if ticket_id == tickets[
                "the customer's"] else (0, 0))
        seen[kind] = got
    # The personas do differ: agreeing with a rule that lets nobody in would prove little.
    allowed = {kind for kind, got in seen.items() if isinstance(got, int)}
    assert allowed == {"admin": {"the customer's", "an agent's"}, "agent": {"the customer's", "an agent's"},
                       "customer": {"the customer's"}, "other_customer": set()}[persona]


def test_no_live_session_signs_nobody_in(db, tickets, customer, make_user):
    for token in tokens_signing_nobody_in(db, customer, make_user):
        assert access.resolve(db, token, ticket_id=tickets["the customer's"], usage=True) is None
        assert access.resolve(db, token) is None


@pytest.mark.parametrize("through", ["session", "connection"])
def test_it_carries_the_models_and_the_session_for_the_csrf_check(db, clean_db, tickets, customer, through):
    """Through the ORM session or a bare connection (the route's, on the event loop)."""
    token = token_for(db, customer)
    with clean_db.connect() as conn:
        found = access.resolve(db if through == "session" else conn, token, ticket_id=tickets["the customer's"])
    auth_session = db.exec(select(AuthSession).where(AuthSession.token_hash == hash_token(token))).one()
    assert found.csrf_token == auth_session.csrf_token
    # The user whole, but for the password hash; the ticket whole, but for its description.
    user = db.get(User, customer.id)
    assert {name: getattr(found.caller, name) for name in access.Caller.__slots__} == user.model_dump(
        exclude={"password_hash"})
    ticket = db.get(Ticket, tickets["the customer's"])
    assert found.ticket.model_dump(exclude={"description"}) == ticket.model_dump(exclude={"description"})


def test_services_take_the_caller_it_resolves(db, tickets, customer):
    caller = access.resolve(db, token_for(db, customer)).caller
    reply = replies.add_reply(db, actor=caller, ticket_id=tickets["the customer's"], body="Any news?")
    assert reply.author_id == customer.id
    with pytest.raises(NotFound):
        replies.add_reply(db, actor=caller, ticket_id=tickets["an agent's"], body="Not mine")
