"""The conversation (services.replies): replies, internal notes, reopening and the thread."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Reply, Ticket, TicketEvent, TicketUpdate, utcnow
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.conversation.thread import get_thread
from helpdesk_app.services import tickets
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound

NOTE = "Internal: the customer's account is on the legacy cluster."


def _ticket(db, ticket_id) -> Ticket:
    db.expire_all()
    return db.get(Ticket, ticket_id)


def _status_events(db, ticket_id):
    return [
        (e.old_value, e.new_value, e.actor_id)
        for e in db.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id, TicketEvent.field == "status")
                         .order_by(TicketEvent.id)).all()
    ]


def test_a_customer_replies_to_their_ticket(db, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    before = utcnow()
    reply = replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="  Any news?  ")
    db.commit()
    stored = db.get(Reply, reply.id)
    assert (stored.body, stored.internal, stored.author_id) == ("Any news?", False, customer.id)
    updated = _ticket(db, ticket.id)
    assert updated.last_activity_at >= before and updated.updated_at >= before
    assert updated.status == "new"  # nobody has looked at it yet


def test_an_agent_adds_an_internal_note(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    note = replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=NOTE, internal=True)
    db.commit()
    assert db.get(Reply, note.id).internal is True
    # A note is not an answer to the customer: the ticket stays new.
    assert _ticket(db, ticket.id).status == "new"


def test_a_customer_cannot_add_an_internal_note(db, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    with pytest.raises(Forbidden):
        replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="psst", internal=True)


def test_another_customer_cannot_reply_and_learns_nothing(db, customer, other_customer, make_ticket):
    ticket = make_ticket(requester=customer)
    for internal in (False, True):
        with pytest.raises(NotFound):
            replies.add_reply(db, actor=other_customer, ticket_id=ticket.id, body="hello", internal=internal)


def test_anonymous_cannot_reply(db, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    with pytest.raises(NotAuthenticated):
        replies.add_reply(db, actor=None, ticket_id=ticket.id, body="hello")


@pytest.mark.parametrize("body", ["", "   \n\t", "x" * 50_001])
def test_a_reply_needs_a_sensible_body(db, customer, make_ticket, body):
    ticket = make_ticket(requester=customer)
    with pytest.raises(InvalidInput) as err:
        replies.add_reply(db, actor=customer, ticket_id=ticket.id, body=body)
    assert list(err.value.fields) == ["body"]


def test_the_first_public_agent_reply_opens_a_new_ticket(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="We are on it.")
    db.commit()
    assert _ticket(db, ticket.id).status == "open"
    assert _status_events(db, ticket.id) == [("new", "open", agent.id)]


@pytest.mark.parametrize("status", ["open", "pending", "resolved", "closed"])
def test_an_agent_reply_leaves_other_statuses_alone(db, agent, customer, make_ticket, status):
    ticket = make_ticket(requester=customer, status=status)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Update for you.")
    db.commit()
    assert _ticket(db, ticket.id).status == status
    assert _status_events(db, ticket.id) == []


@pytest.mark.parametrize("status", ["pending", "resolved", "closed"])
def test_a_customer_reply_reopens_the_ticket(db, customer, make_ticket, status):
    ticket = make_ticket(requester=customer, status=status)
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="It is broken again.")
    db.commit()
    assert _ticket(db, ticket.id).status == "open"
    assert _status_events(db, ticket.id) == [(status, "open", customer.id)]


@pytest.mark.parametrize("status", ["new", "open"])
def test_a_customer_reply_keeps_new_and_open(db, customer, make_ticket, status):
    ticket = make_ticket(requester=customer, status=status)
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="More details.")
    db.commit()
    assert _ticket(db, ticket.id).status == status


def test_an_internal_note_does_not_reopen_a_resolved_ticket(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer, status="resolved")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=NOTE, internal=True)
    db.commit()
    assert _ticket(db, ticket.id).status == "resolved"


def _conversation(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="Hello?")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=NOTE, internal=True)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Fixed it.")
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(status="resolved"))
    db.commit()
    return ticket


def test_the_thread_of_an_agent_has_replies_notes_and_events_in_order(db, agent, customer, make_ticket):
    ticket = _conversation(db, agent, customer, make_ticket)
    thread = get_thread(db, actor=agent, ticket_id=ticket.id)
    summary = [
        (e.kind, e.reply.body if e.reply else (e.event.field, e.event.old_value, e.event.new_value))
        for e in thread
    ]
    assert summary == [
        ("reply", "Hello?"),
        ("note", NOTE),
        ("reply", "Fixed it."),
        ("event", ("status", "new", "open")),
        ("event", ("status", "open", "resolved")),
    ]
    event = thread[-1].event
    assert (event.actor.id, event.actor.name) == (agent.id, "Alex Agent")
    assert event.created_at.tzinfo is not None


def test_the_thread_of_a_customer_never_contains_internal_notes(db, agent, customer, make_ticket):
    ticket = _conversation(db, agent, customer, make_ticket)
    thread = get_thread(db, actor=customer, ticket_id=ticket.id)
    assert [e.kind for e in thread] == ["reply", "reply", "event", "event"]
    assert all(not e.reply.internal for e in thread if e.reply)
    assert NOTE not in repr(thread)


def test_the_thread_is_not_found_for_another_customer(db, agent, customer, other_customer, make_ticket):
    ticket = _conversation(db, agent, customer, make_ticket)
    with pytest.raises(NotFound):
        get_thread(db, actor=other_customer, ticket_id=ticket.id)
    with pytest.raises(NotFound):
        replies.list_replies(db, actor=other_customer, ticket_id=ticket.id)


def test_list_replies_pages_and_hides_notes_from_customers(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    for i in range(5):
        replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=f"public {i}")
        replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=f"note {i}", internal=True)
    db.commit()
    items, total = replies.list_replies(db, actor=customer, ticket_id=ticket.id, page=2, per_page=2)
    assert total == 5
    assert [r.body for r in items] == ["public 2", "public 3"]
    items, total = replies.list_replies(db, actor=agent, ticket_id=ticket.id, page=1, per_page=3)
    assert total == 10
    assert [(r.body, r.internal) for r in items] == [("public 0", False), ("note 0", True), ("public 1", False)]
    assert items[0].author.name == "Alex Agent"


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (1, 0), (1, 101), (10**18, 50)])
def test_list_replies_rejects_bad_paging(db, customer, make_ticket, page, per_page):
    ticket = make_ticket(requester=customer)
    with pytest.raises(InvalidInput) as err:
        replies.list_replies(db, actor=customer, ticket_id=ticket.id, page=page, per_page=per_page)
    assert err.value.location == "query"
