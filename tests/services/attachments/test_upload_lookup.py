"""An upload's one-statement lookup (services.upload_lookup) decides exactly as the usual path
(sessions.resolve, then attachment_upload.resolve_target) for every persona and every kind of ticket,
reads the ticket's usage as the upload service does, and refuses sessions that sign nobody in."""

import pytest

from helpdesk_app.models import Ticket, TicketCreate
from helpdesk_app.services.attachments import deletion
from helpdesk_app.services.identity import sessions
from helpdesk_app.services.attachments import upload_lookup
from helpdesk_app.services.attachments.upload import _usage, resolve_target
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated, NotFound
from helpdesk_app.services.tickets import create_ticket
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
        found = upload_lookup.lookup(db, token, ticket_id)
        assert found is not None and found.user.id == user.id
        got = _outcome(lambda f=found: upload_lookup.ticket_target(f).ticket.id)
        assert got == expected, (persona, kind)
        if isinstance(got, int):
            assert found.usage == _usage(db, ticket_id) == ((2, 2 * len(PDF)) if ticket_id == tickets[
                "the customer's"] else (0, 0))
        seen[kind] = got
    # The personas do differ: agreeing with a rule that lets nobody in would prove little.
    allowed = {kind for kind, got in seen.items() if isinstance(got, int)}
    assert allowed == {"admin": {"the customer's", "an agent's"}, "agent": {"the customer's", "an agent's"},
                       "customer": {"the customer's"}, "other_customer": set()}[persona]


def test_no_live_session_signs_nobody_in(db, tickets, customer, make_user):
    for token in tokens_signing_nobody_in(db, customer, make_user):
        assert upload_lookup.lookup(db, token, tickets["the customer's"]) is None
        assert sessions.resolve(db, token) is None  # as the usual path decides


@pytest.mark.parametrize("through", ["session", "connection"])
def test_it_carries_the_models_and_the_session_for_the_csrf_check(db, clean_db, tickets, customer, through):
    """Through the ORM session or a bare connection (the route's, on the event loop)."""
    token = token_for(db, customer)
    with clean_db.connect() as conn:
        found = upload_lookup.lookup(db if through == "session" else conn, token, tickets["the customer's"])
    user, auth_session = sessions.resolve(db, token)
    assert found.csrf_token == auth_session.csrf_token
    # Whole, but for the two columns it leaves out (the password hash, the ticket's description).
    assert found.user.model_dump(exclude={"password_hash"}) == user.model_dump(exclude={"password_hash"})
    assert "password_hash" not in found.user.__dict__
    ticket = db.get(Ticket, tickets["the customer's"])
    assert found.ticket.model_dump(exclude={"description"}) == ticket.model_dump(exclude={"description"})
