"""The /search page's state: results from the address, as one types, and what cannot be searched."""

from asyncio import run

from helpdesk_app.services.conversation import replies
from helpdesk_app.state.search_page import SearchState


def test_results_follow_the_words(page_state, db, make_ticket, agent, customer):
    ticket = make_ticket(requester=customer, subject="Printer on fire", description="Smoke everywhere.")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Replaced the fuser.", internal=True)
    db.commit()
    state = page_state(SearchState, agent, "/search?q=smoke")
    run(state.load())
    assert [(h.subject, h.where) for h in state.hits] == [("Printer on fire", "Description")]
    assert [(p.text, p.hit) for p in state.hits[0].snippet if p.hit] == [("Smoke", True)]
    assert "".join(p.text for p in state.hits[0].snippet) == "Smoke everywhere."
    run(state.type_query("fuser"))
    assert [h.where for h in state.hits] == ["Internal note #1"] and state.total == 1
    run(state.type_query("-fuser"))
    assert state.hits == [] and "Add a word" in state.error


def test_a_customer_never_sees_a_note(page_state, db, make_ticket, agent, customer):
    ticket = make_ticket(requester=customer, subject="Printer on fire")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Replaced the fuser.", internal=True)
    db.commit()
    state = page_state(SearchState, customer, "/search?q=fuser")
    run(state.load())
    assert state.hits == [] and state.total == 0 and state.assignee_options == []
