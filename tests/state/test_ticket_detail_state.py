"""The ticket page's state: what each person sees, the controls, deleting a file, a ticket not theirs."""

from asyncio import run

from sqlmodel import select

from helpdesk_app.models import Attachment
from helpdesk_app.scanner import NoScanner
from helpdesk_app.services.attachments.upload import resolve_target, upload
from helpdesk_app.services.conversation import replies
from helpdesk_app.state.ticket_detail import TicketDetailState
from tests.blobs import incoming, local_blobs
from tests.samples import make_pdf
from tests.services.conftest import LIMITS
from tests.state.conftest import redirect_target


def _page(page_state, user, ticket):
    state = page_state(TicketDetailState, user, f"/tickets/{ticket.id}", ticket_id=str(ticket.id))
    return state, run(state.load())


def test_a_customer_sees_the_ticket_without_the_agents_controls(page_state, make_ticket, customer):
    ticket = make_ticket(requester=customer, subject="Printer")
    state, answer = _page(page_state, customer, ticket)
    assert answer is None and state.found and state.loaded
    assert (state.number, state.subject, state.status, state.requester_name) == (ticket.number, "Printer", "new",
                                                                                   customer.name)
    assert state.staff_options == []


def test_the_thread_shows_replies_notes_and_history_to_agents_only(page_state, db, make_ticket, customer, agent):
    ticket = make_ticket(requester=customer)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Internal thought", internal=True)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="We are on it")
    agent_view, _ = _page(page_state, agent, ticket)
    assert [(r.kind, r.body) for r in agent_view.thread] == [
        ("note", "Internal thought"), ("reply", "We are on it"), ("event", "changed status from new to open")]
    assert agent.name in [o.label for o in agent_view.staff_options]
    customer_view, _ = _page(page_state, customer, ticket)
    assert [r.kind for r in customer_view.thread] == ["reply", "event"]


def test_an_agent_changes_the_status_and_sees_why_a_change_is_refused(page_state, make_ticket, customer, agent):
    ticket = make_ticket(requester=customer)
    state, _ = _page(page_state, agent, ticket)
    run(state.change("status", "pending"))
    assert (state.status, state.control_error) == ("pending", "")
    run(state.change("assignee_id", str(customer.id)))
    assert state.control_error == "assignee_id: Choose an active agent."
    run(state.change("assignee_id", "none"))
    assert (state.assignee, state.control_error) == ("none", "")


def test_someone_elses_ticket_is_not_found(page_state, make_ticket, customer, other_customer):
    ticket = make_ticket(requester=customer)
    state, _ = _page(page_state, other_customer, ticket)
    assert (state.found, state.loaded, state.thread) == (False, True, [])


def test_a_signed_out_tab_goes_to_sign_in(page_state, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    state = page_state(TicketDetailState, None, f"/tickets/{ticket.id}", ticket_id=str(ticket.id))
    assert redirect_target(run(state.load())).startswith("/login?next=")


def test_deleting_a_file_removes_it_and_a_second_time_says_why(page_state, db, make_ticket, customer, tmp_path,
                                                               settings_override):
    settings_override(data_dir=tmp_path / "data")
    ticket = make_ticket(requester=customer)
    blobs = local_blobs(tmp_path / "data" / "attachments")
    [row] = upload(db, actor=customer, storage=blobs.storage, scanner=NoScanner(), limits=LIMITS,
                   target=resolve_target(db, actor=customer, ticket_id=ticket.id),
                   files=[incoming("a.pdf", make_pdf())])
    state, _ = _page(page_state, customer, ticket)
    assert [f.filename for f in state.ticket_files] == ["a.pdf"] and state.ticket_files[0].can_delete
    run(state.delete_attachment(row.id))
    assert state.ticket_files == [] and state.upload_errors == []
    assert db.exec(select(Attachment.deleted_at)).one() is not None
    run(state.delete_attachment(row.id))
    assert state.upload_errors == ["Attachment not found."]
