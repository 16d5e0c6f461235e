"""The download's lookup (the access statement with an attachment) decides exactly as the
service's own rules do (listing.get_visible_attachment), for every persona and every kind
of attachment, and refuses sessions that no longer sign anyone in."""

import os
import subprocess
import sys

import pytest

from helpdesk_app.services.attachments import deletion, listing
from helpdesk_app.services.attachments.download import downloadable
from helpdesk_app.services.common.errors import NotAuthenticated, NotFound
from tests.blobs import local_blobs
from tests.samples import make_pdf
from tests.session_tokens import PERSONAS, token_for, tokens_signing_nobody_in

PDF = make_pdf()


@pytest.fixture
def blobs(tmp_path):
    return local_blobs(tmp_path / "attachments")


@pytest.fixture
def kinds(db, attach, ticket, customer, agent, admin, make_reply):
    """One attachment of each kind on the customer's ticket."""
    [on_ticket] = attach(customer, [("invoice.pdf", PDF)], ticket=ticket)
    [on_reply] = attach(customer, [("reply.pdf", PDF)], reply=make_reply(ticket, customer))
    [on_note] = attach(agent, [("note.pdf", PDF)], reply=make_reply(ticket, agent, internal=True, body="Internal."))
    [deleted] = attach(customer, [("old.pdf", PDF)], ticket=ticket)
    deletion.delete_attachment(db, actor=admin, attachment_id=deleted.id)
    db.commit()
    return {"on the ticket": on_ticket.id, "on a reply": on_reply.id, "on an internal note": on_note.id,
            "deleted": deleted.id, "missing": 987_654, "zero": 0, "too large": 2**63}


def _outcome(call):
    try:
        return call().id
    except (NotFound, NotAuthenticated) as e:
        return type(e)


@pytest.mark.parametrize("persona", PERSONAS)
def test_it_agrees_with_the_service_rules(request, db, clean_db, kinds, persona):
    user = request.getfixturevalue(persona)
    token, seen = token_for(db, user), {}
    with clean_db.connect() as conn:
        for kind, attachment_id in kinds.items():
            expected = _outcome(lambda a=attachment_id: listing.get_visible_attachment(db, actor=user,
                                                                                         attachment_id=a)[0])
            got = _outcome(lambda a=attachment_id: downloadable(conn, token, a))
            assert got == expected, (persona, kind)
            seen[kind] = got
    # The personas do differ: a check that agrees with a service that sees nothing would prove little.
    visible = {kind for kind, got in seen.items() if isinstance(got, int)}
    assert visible == {"admin": {"on the ticket", "on a reply", "on an internal note", "deleted"},
                       "agent": {"on the ticket", "on a reply", "on an internal note"},
                       "customer": {"on the ticket", "on a reply"}, "other_customer": set()}[persona]


def test_the_row_carries_what_the_download_needs(db, clean_db, kinds, customer):
    with clean_db.connect() as conn:
        found = downloadable(conn, token_for(db, customer), kinds["on the ticket"])
    stored = listing.get_visible_attachment(db, actor=customer, attachment_id=kinds["on the ticket"])[0]
    assert found.model_dump() == stored.model_dump()


def test_no_live_session_is_not_authenticated(db, clean_db, kinds, customer, make_user):
    attachment_id = kinds["on the ticket"]
    dead = tokens_signing_nobody_in(db, customer, make_user)
    with clean_db.connect() as conn:
        for token in dead:
            with pytest.raises(NotAuthenticated):
                downloadable(conn, token, attachment_id)
        # Unknown attachment, live session: 404, not 401.
        with pytest.raises(NotFound):
            downloadable(conn, token_for(db, customer), 987_654)


def test_it_works_as_the_first_thing_a_new_process_does(db, database_url, kinds, customer):
    """A server's first request may be a download, before any ORM query has set up the mappings
    the attachment it builds needs (it failed so once)."""
    token = token_for(db, customer)
    script = ("import sys; from helpdesk_app.db import get_engine; "
              "from helpdesk_app.services.attachments.download import downloadable; "
              "conn = get_engine().connect(); print(downloadable(conn, sys.argv[1], int(sys.argv[2])).filename)")
    env = {**os.environ, "HELPDESK_DATABASE_URL": database_url}
    done = subprocess.run([sys.executable, "-c", script, token, str(kinds["on the ticket"])], env=env,
                          capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout, done.stderr[-300:]) == (0, "invoice.pdf\n", "")
