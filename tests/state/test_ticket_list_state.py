"""The ticket list page's state: filters from the address, rows, and filters back into it."""

from asyncio import run

from helpdesk_app.state.ticket_list import TicketListState
from tests.state.conftest import redirect_target


def test_it_loads_the_filters_from_the_address(page_state, make_ticket, agent, customer):
    make_ticket(requester=customer, subject="Open one", status="open")
    make_ticket(requester=customer, subject="New one")
    state = page_state(TicketListState, agent, "/tickets?status=open&page=x")
    assert run(state.load()) is None
    assert (state.status, state.page, state.total, state.page_count, state.filtered) == (["open"], 1, 1, 1, True)
    assert [(r.subject, r.requester, r.url) for r in state.rows] == [("Open one", customer.name, state.rows[0].url)]
    assert state.user_name == agent.name and state.is_staff and not state.is_admin
    assert [o.label for o in state.assignee_options][:2] == ["Assigned to me", "Unassigned"]
    assert agent.name in [o.label for o in state.assignee_options]


def test_a_customer_sees_their_own_and_no_list_of_agents(page_state, make_ticket, customer, other_customer):
    make_ticket(requester=customer, subject="Mine")
    make_ticket(requester=other_customer, subject="Theirs")
    state = page_state(TicketListState, customer, "/tickets")
    run(state.load())
    assert [r.subject for r in state.rows] == ["Mine"] and state.assignee_options == []


def test_a_bad_filter_in_the_address_says_so(page_state, agent):
    state = page_state(TicketListState, agent, "/tickets?sort=subject")
    run(state.load())
    assert "Use one of" in state.error and state.rows == []


def test_a_tab_signed_out_goes_to_sign_in(page_state):
    state = page_state(TicketListState, None, "/tickets")
    assert redirect_target(run(state.load())) == "/login?next=/tickets"


def test_filters_and_pages_go_into_the_address(page_state, agent):
    state = page_state(TicketListState, agent, "/tickets")
    run(state.load())
    assert redirect_target(state.set_filter("status", "pending")) == "/tickets?status=pending"
    assert redirect_target(state.set_filter("priority", "high")) == "/tickets?status=pending&priority=high"
    assert redirect_target(state.set_filter("nonsense", "x")) == "/tickets?status=pending&priority=high"
    state.total = 80
    assert redirect_target(state.go_to_page(2)) == "/tickets?status=pending&priority=high&page=2"
    assert redirect_target(state.go_to_page(99)) == "/tickets?status=pending&priority=high&page=4"
    assert redirect_target(state.clear_filters()) == "/tickets"


def test_several_choices_toggle_and_the_whole_filter_round_trips(page_state, agent):
    state = page_state(TicketListState, agent, "/tickets")
    run(state.load())
    state.set_filter("status", "open")
    assert redirect_target(state.set_filter("status", "pending")) == "/tickets?status=open%2Cpending"
    assert redirect_target(state.set_filter("status", "open")) == "/tickets?status=pending"
    state.set_flag("unanswered", True)
    assert redirect_target(state.set_filter("updated_within", "7d")) == (
        "/tickets?status=pending&unanswered=true&updated_from=7d")
    # What the bar has no control for stays in the address, as it came.
    path = "/tickets?view=4&status=new&activity_to=2026-11-30&requester=carla&sort=-priority"
    kept = page_state(TicketListState, agent, path)
    run(kept.load())
    assert (kept.view_id, kept.hidden, kept.requester) == (4, {"activity_to": "2026-11-30"}, "carla")
    assert redirect_target(kept.go_to_page(1)) == (
        "/tickets?view=4&status=new&requester=carla&activity_to=2026-11-30&sort=-priority")
    assert redirect_target(kept.clear_filters()) == "/tickets"


def test_next_goes_by_cursor_and_previous_comes_back(page_state, make_ticket, agent, customer):
    for n in range(26):
        make_ticket(requester=customer, subject=f"T{n}")
    state = page_state(TicketListState, agent, "/tickets")
    run(state.load())
    assert len(state.rows) == 25 and state.next_cursor
    target = redirect_target(state.go_to_page(2))
    assert target.startswith("/tickets?page=2&after=")
    deeper = page_state(TicketListState, agent, target)
    run(deeper.load())
    assert [r.subject for r in deeper.rows] == ["T0"] and deeper.total == 26 and deeper.next_cursor == ""
    assert redirect_target(state.go_to_page(1)) == "/tickets"
