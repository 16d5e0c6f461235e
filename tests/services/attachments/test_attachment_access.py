"""Who may upload, list, see, download and delete attachments (services.attachments + policy).

Access does not depend on the storage backend, so these run on local disk only.
"""

import pytest

from helpdesk_app.services.attachments import deletion, listing
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated, NotFound
from tests.blobs import local_blobs
from tests.samples import make_pdf, make_png

PDF, PNG = make_pdf(), make_png()
OK = "ok"
# The requesting customer's ticket, with a file the customer uploaded to it and one on their reply.
EXPECTED = {"admin": OK, "agent": OK, "customer": OK, "other_customer": NotFound, "anonymous": NotAuthenticated}
ACTIONS = ["upload to ticket", "upload to reply", "list ticket", "list reply", "get", "download", "delete"]


@pytest.fixture
def blobs(tmp_path):
    return local_blobs(tmp_path / "attachments")


@pytest.fixture
def setup(attach, ticket, customer, make_reply):
    reply = make_reply(ticket, customer)
    [on_ticket] = attach(customer, [("invoice.pdf", PDF)], ticket=ticket)
    [on_reply] = attach(customer, [("photo.png", PNG)], reply=reply)
    return reply, on_ticket, on_reply


def _act(action, db, blobs, attach, actor, ticket, reply, attachment):
    if action == "upload to ticket":
        return attach(actor, [("new.pdf", PDF)], ticket=ticket)
    if action == "upload to reply":
        return attach(actor, [("new.pdf", PDF)], reply=reply)
    if action == "list ticket":
        return listing.list_for_ticket(db, actor=actor, ticket_id=ticket.id)
    if action == "list reply":
        return listing.list_for_reply(db, actor=actor, reply_id=reply.id)
    if action == "get":
        return listing.get_visible_attachment(db, actor=actor, attachment_id=attachment.id)
    if action == "download":
        row, _ = listing.get_visible_attachment(db, actor=actor, attachment_id=attachment.id)
        return blobs.read(row.storage_key)
    return deletion.delete_attachment(db, actor=actor, attachment_id=attachment.id)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", list(EXPECTED))
def test_the_matrix(request, db, blobs, attach, ticket, setup, persona, action):
    actor = None if persona == "anonymous" else request.getfixturevalue(persona)
    reply, on_ticket, _ = setup
    expected = EXPECTED[persona]
    if expected == OK:
        assert _act(action, db, blobs, attach, actor, ticket, reply, on_ticket)
    else:
        with pytest.raises(expected):
            _act(action, db, blobs, attach, actor, ticket, reply, on_ticket)


def test_what_each_persona_lists(db, ticket, setup, admin, agent, customer):
    _, on_ticket, on_reply = setup
    for actor in (admin, agent, customer):
        rows, total = listing.list_for_ticket(db, actor=actor, ticket_id=ticket.id)
        assert ([r.id for r in rows], total) == ([on_ticket.id, on_reply.id], 2)


def test_customers_never_see_attachments_of_internal_notes(db, blobs, attach, ticket, setup, agent, admin, customer,
                                                          make_reply):
    reply, on_ticket, on_reply = setup
    note = make_reply(ticket, agent, internal=True, body="Their card was declined twice.")
    [secret] = attach(agent, [("card-log.txt", b"declined\n")], reply=note)
    for actor in (agent, admin):
        assert listing.get_visible_attachment(db, actor=actor, attachment_id=secret.id)[0].id == secret.id
        assert listing.list_for_reply(db, actor=actor, reply_id=note.id)[1] == 1
        assert listing.list_for_ticket(db, actor=actor, ticket_id=ticket.id)[1] == 3
    rows, total = listing.list_for_ticket(db, actor=customer, ticket_id=ticket.id)
    assert ([r.id for r in rows], total) == ([on_ticket.id, on_reply.id], 2)
    for action in ("upload to reply", "list reply", "get", "download", "delete"):
        with pytest.raises(NotFound):  # as if the note and its file did not exist
            _act(action, db, blobs, attach, customer, ticket, note, secret)
    assert blobs.read(secret.storage_key) == b"declined\n"


def test_customers_attach_only_to_their_own_replies(db, attach, ticket, customer, agent, make_reply):
    answer = make_reply(ticket, agent, body="Please send a screenshot.")
    with pytest.raises(Forbidden):
        attach(customer, [("screen.png", PNG)], reply=answer)
    assert attach(agent, [("guide.pdf", PDF)], reply=answer)[0].reply_id == answer.id
    own = make_reply(ticket, customer, body="Here it is.")
    assert attach(customer, [("screen.png", PNG)], reply=own)[0].reply_id == own.id


def test_customers_delete_only_what_they_uploaded(db, attach, ticket, setup, customer, agent):
    _, mine, _ = setup
    [theirs] = attach(agent, [("guide.pdf", PDF)], ticket=ticket)
    with pytest.raises(Forbidden):
        deletion.delete_attachment(db, actor=customer, attachment_id=theirs.id)
    assert deletion.delete_attachment(db, actor=customer, attachment_id=mine.id).deleted_by_id == customer.id
    # Staff may delete anyone's.
    assert deletion.delete_attachment(db, actor=agent, attachment_id=theirs.id).deleted_by_id == agent.id


@pytest.mark.parametrize("attachment_id", [0, -1, 987_654, 2**63])
def test_ids_that_do_not_exist_are_not_found(db, admin, attachment_id):
    with pytest.raises(NotFound):
        listing.get_visible_attachment(db, actor=admin, attachment_id=attachment_id)
    with pytest.raises(NotFound):
        deletion.delete_attachment(db, actor=admin, attachment_id=attachment_id)
    with pytest.raises(NotFound):
        listing.list_for_reply(db, actor=admin, reply_id=attachment_id)
