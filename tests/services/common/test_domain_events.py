"""What each use case records: the events reach the outbox with the rows they describe, once each."""

import pytest
from sqlmodel import select

from helpdesk_app.models import OutboxEntry, TicketCreate, TicketUpdate
from helpdesk_app.scanner import NoScanner
from helpdesk_app.services import tickets
from helpdesk_app.services.attachments import deletion
from helpdesk_app.services.attachments.intake import UploadRejected
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.identity import users
from helpdesk_app.services.intake.new_ticket import open_ticket_with_files
from helpdesk_app.services.intake.reply import reply_with_files
from tests.blobs import incoming, local_blobs
from tests.samples import make_exe, make_pdf
from tests.services.conftest import LIMITS

PDF = make_pdf()


@pytest.fixture
def files(tmp_path):
    blobs = local_blobs(tmp_path / "files")
    return {"storage": blobs.storage, "scanner": NoScanner(), "limits": LIMITS}


def _events(db) -> list[tuple]:
    db.expire_all()
    rows = db.exec(select(OutboxEntry).order_by(OutboxEntry.id)).all()
    return [(e.event, e.ticket_id, e.actor_id, e.payload) for e in rows]


def test_opening_changing_and_answering_a_ticket(db, customer, agent):
    ticket = tickets.create_ticket(db, actor=customer, data=TicketCreate(subject="Printer", description="Smoke"))
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id,
                          changes=TicketUpdate(priority="high", assignee_id=agent.id))
    note = replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Check the fuser", internal=True)
    answer = replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="On our way")  # new -> open
    assert _events(db) == [
        ("ticket.created", ticket.id, customer.id, {"number": ticket.number, "requester_id": customer.id}),
        ("ticket.priority_changed", ticket.id, agent.id, {"old": "normal", "new": "high"}),
        ("ticket.assignee_changed", ticket.id, agent.id, {"old": None, "new": agent.id}),
        ("note.added", ticket.id, agent.id, {"reply_id": note.id}),
        ("ticket.status_changed", ticket.id, agent.id, {"old": "new", "new": "open"}),
        ("reply.added", ticket.id, agent.id, {"reply_id": answer.id}),
    ]


def test_a_change_that_changes_nothing_records_nothing(db, make_ticket, customer, agent):
    ticket = make_ticket(requester=customer)
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(priority="normal"))
    assert [e[0] for e in _events(db)] == ["ticket.created"]


def test_a_ticket_and_a_reply_with_files(db, customer, agent, files):
    ticket = open_ticket_with_files(db, actor=customer, data=TicketCreate(subject="Invoice", description="Wrong"),
                                    files=[incoming("a.pdf", PDF)], **files)
    reply = reply_with_files(db, actor=agent, ticket_id=ticket.id, body="Corrected", files=[incoming("b.pdf", PDF)],
                             **files)
    events = _events(db)
    assert [e[0] for e in events] == ["ticket.created", "attachments.added", "ticket.status_changed",
                                      "reply.added", "attachments.added"]
    first, second = events[1][3], events[4][3]
    assert first["reply_id"] is None and len(first["attachment_ids"]) == 1
    assert second["reply_id"] == reply.id and len(second["attachment_ids"]) == 1
    deletion.delete_attachment(db, actor=agent, attachment_id=first["attachment_ids"][0])
    assert _events(db)[-1] == ("attachment.deleted", ticket.id, agent.id,
                               {"attachment_id": first["attachment_ids"][0], "reply_id": None})


def test_a_refused_file_publishes_nothing_of_the_reply(db, make_ticket, customer, agent, files):
    ticket = make_ticket(requester=customer)
    before = _events(db)
    with pytest.raises(UploadRejected):
        reply_with_files(db, actor=agent, ticket_id=ticket.id, body="See attached",
                         files=[incoming("a.pdf", PDF), incoming("setup.pdf", make_exe())], **files)
    assert _events(db) == before  # no reply, no status change, no files: nothing happened


def test_users_created_and_changed(db, admin):
    user = users.create_user(db, actor=admin, email="pat@example.com", name="Pat", password="long enough",
                             role="customer")
    users.update_user(db, actor=admin, user_id=user.id, role="agent")
    users.update_user(db, actor=admin, user_id=user.id, role="agent")  # no change: no event
    users.update_user(db, actor=admin, user_id=user.id, is_active=False)
    assert [(e[0], e[2], e[3]) for e in _events(db)] == [
        ("user.created", admin.id, {"user_id": user.id, "role": "customer"}),
        ("user.changed", admin.id, {"user_id": user.id, "role": "agent"}),
        ("user.changed", admin.id, {"user_id": user.id, "is_active": False}),
    ]
