"""What the UI's upload handlers run in their worker thread (state/upload_work.py): the intake use
cases, signed in by the page's cookie, with every outcome the page shows."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Reply, Ticket, TicketCreate
from helpdesk_app.services.identity import sessions
from helpdesk_app.state import upload_work
from tests.blobs import incoming
from tests.samples import make_exe, make_pdf

PDF = make_pdf()


@pytest.fixture
def cookie(db):
    return lambda user: f"{sessions.SESSION_COOKIE}={sessions.start_session(db, user).token}"


@pytest.fixture(autouse=True)
def _files(settings_override, tmp_path):
    settings_override(data_dir=tmp_path / "data", storage="local", max_files_per_ticket=4)


def test_a_ticket_opened_with_its_files(db, cookie, customer):
    outcome = upload_work.open_ticket(cookie(customer), TicketCreate(subject="Printer", description="Smoke"),
                                      [incoming("a.pdf", PDF)])
    assert outcome.ok and db.get(Ticket, outcome.ticket_id).subject == "Printer"


def test_a_refused_file_keeps_no_ticket_and_says_why(db, cookie, customer):
    outcome = upload_work.open_ticket(cookie(customer), TicketCreate(subject="Printer", description="Smoke"),
                                      [incoming("a.pdf", make_exe())])
    assert not outcome.ok and outcome.file_errors[-1] == upload_work.RETRY
    assert outcome.file_errors[0].startswith("a.pdf: the content is a Windows executable")
    assert db.exec(select(Ticket)).all() == []


def test_bad_fields_and_no_session(db, cookie, customer):
    outcome = upload_work.open_ticket(cookie(customer), TicketCreate(subject=" ", description="x"), [])
    assert outcome.fields == {"subject": "Enter a subject."}
    assert upload_work.open_ticket("", TicketCreate(subject="s", description="d"), []).signed_out


def test_a_reply_with_its_file_and_a_ticket_not_ones_own(db, cookie, make_ticket, customer, other_customer):
    ticket = make_ticket(requester=customer)
    assert upload_work.reply(cookie(customer), ticket.id, "Here", False, [incoming("a.pdf", PDF)]).ok
    assert db.exec(select(Reply.body)).all() == ["Here"]
    assert upload_work.reply(cookie(other_customer), ticket.id, "Me too", False, []).not_found
    assert upload_work.reply(cookie(customer), ticket.id, "psst", True, []).fields == {
        "form": "You are not allowed to do that."}


def test_files_dropped_on_the_ticket_and_storage_that_is_down(cookie, make_ticket, customer, settings_override,
                                                              tmp_path):
    ticket = make_ticket(requester=customer)
    assert upload_work.attach(cookie(customer), ticket.id, [incoming("a.pdf", PDF)]).ok
    blocked = tmp_path / "blocked"
    blocked.write_bytes(b"")  # the attachments would go under a file
    settings_override(data_dir=blocked)
    outcome = upload_work.attach(cookie(customer), ticket.id, [incoming("b.pdf", PDF)])
    assert outcome.file_errors == ["File storage is unavailable; nothing was saved. Please try again later."]
