"""The list's filters (services/tickets/filters.py), alone and together, on the shared queue:

    A customer  new      low     unassigned      E customer  resolved normal unassigned
    B customer  open     urgent  agent           F other     closed   high   admin
    C other     open     high    colleague
    D other     pending  normal  agent

A is the most recent (activity), and the newest by nothing else: creation runs the other way.
"""

from datetime import timedelta

import pytest
from sqlmodel import update

from helpdesk_app.models import Ticket, utcnow
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.tickets.listing import TicketQuery, list_tickets
from helpdesk_app.services.tickets.query import as_filter
from tests.blobs import local_blobs


@pytest.fixture
def blobs(tmp_path):
    return local_blobs(tmp_path / "attachments")


def _subjects(db, actor, **query):
    return [t.subject for t in list_tickets(db, actor=actor, query=TicketQuery(**query)).items]


def _refused(db, actor, **query) -> dict:
    with pytest.raises(InvalidInput) as refused:
        list_tickets(db, actor=actor, query=TicketQuery(**query))
    return refused.value.fields


def test_several_statuses_and_priorities_match_any_of_them(db, agent, queue):
    assert _subjects(db, agent, status="new,pending") == ["A", "D"]
    assert _subjects(db, agent, priority="high,urgent") == ["B", "C", "F"]
    assert _subjects(db, agent, status="open,closed", priority="high") == ["C", "F"]


def test_assignees_mix_me_none_and_ids(db, agent, admin, queue):
    colleague = queue["colleague"]
    assert _subjects(db, agent, assignee_id="me") == ["B", "D"]
    assert _subjects(db, agent, assignee_id="me,none") == ["A", "B", "D", "E"]
    assert _subjects(db, agent, assignee_id=f"{colleague.id},{admin.id}") == ["C", "F"]
    assert _subjects(db, agent, assignee_id="none,999999") == ["A", "E"]
    assert _subjects(db, agent, assignee_id="0,99999999999") == []  # ids nobody can have


def test_requester_matches_part_of_the_name_or_email_in_any_case(db, agent, queue):
    assert _subjects(db, agent, requester="CARLA") == ["A", "B", "E"]
    assert _subjects(db, agent, requester="chris@exam") == ["C", "D", "F"]
    assert _subjects(db, agent, requester="%") == []  # a LIKE wildcard is a plain character
    assert _subjects(db, agent, requester="  ") == _subjects(db, agent)


def test_unanswered_until_an_agent_replies_in_public(db, agent, customer, queue):
    replies.add_reply(db, actor=agent, ticket_id=queue["B"].id, body="On it.")
    replies.add_reply(db, actor=agent, ticket_id=queue["C"].id, body="Only a note.", internal=True)
    replies.add_reply(db, actor=customer, ticket_id=queue["A"].id, body="Any news?")
    db.commit()
    assert _subjects(db, agent, unanswered=False) == ["B"]
    assert "B" not in _subjects(db, agent, unanswered=True)
    assert {"A", "C"} <= set(_subjects(db, agent, unanswered=True))


def test_has_attachments_counts_only_files_the_caller_may_see(db, agent, customer, queue, attach, make_reply):
    attach(customer, [("invoice.pdf", b"%PDF-1.4 one")], ticket=queue["A"])
    note = make_reply(queue["B"], agent, internal=True)
    attach(agent, [("internal.pdf", b"%PDF-1.4 two")], reply=note)
    # Sorted by number: the reply moved B's activity.
    assert _subjects(db, agent, has_attachments=True, sort="number") == ["A", "B"]
    assert _subjects(db, customer, has_attachments=True) == ["A"]  # B's file sits on an internal note
    assert _subjects(db, customer, has_attachments=False, sort="number") == ["B", "E"]


def test_time_ranges_take_dates_moments_and_spans(db, agent, queue):
    # Creation: A ten days ago, B nine, ... F five.
    assert _subjects(db, agent, created_from="180h") == ["D", "E", "F"]
    assert _subjects(db, agent, created_to="180h") == ["A", "B", "C"]
    day = (utcnow() - timedelta(days=9)).date().isoformat()
    assert _subjects(db, agent, created_from=day, created_to=day) == ["B"]  # the whole of that day
    moment = (utcnow() - timedelta(minutes=2, seconds=30)).isoformat()
    assert _subjects(db, agent, activity_from=moment) == ["A", "B", "C"]
    db.exec(update(Ticket).where(Ticket.id == queue["E"].id).values(updated_at=utcnow() - timedelta(weeks=3)))
    db.commit()
    assert _subjects(db, agent, updated_to="2w") == ["E"]
    assert _subjects(db, agent, updated_from="2026-01-01T00:00Z", updated_to="2w") == ["E"]


def test_filters_combine_and_customers_cannot_widen_them(db, agent, customer, queue):
    assert _subjects(db, agent, status="open,new,resolved", assignee_id="none", priority="low,normal") == ["A", "E"]
    assert _subjects(db, customer, status="open,pending,closed") == ["B"]
    assert _subjects(db, customer, requester="chris") == []


@pytest.mark.parametrize("field, value", [
    ("status", "open,"), ("status", "Open"), ("status", "open, pending"), ("priority", "high,,low"),
    ("assignee_id", "me,someone"), ("assignee_id", "-1"), ("assignee_id", "1," * 600),
    ("requester", "x" * 201), ("requester", "a\x00b"),
    ("created_from", "yesterday"), ("created_to", "2026-02-31"), ("updated_from", "7 days"),
    ("activity_to", "2026-11-30T25:00"), ("activity_from", "99999d"),
])
def test_a_bad_value_says_what_to_change(db, agent, queue, field, value):
    assert list(_refused(db, agent, **{field: value})) == [field]


def test_every_bad_field_is_named_at_once(db, agent, queue):
    assert set(_refused(db, agent, status="x", priority="y", created_from="z")) == {"status", "priority",
                                                                                    "created_from"}


def test_a_query_keeps_only_what_differs_from_the_defaults():
    assert as_filter(TicketQuery(status="open", unanswered=True, page=3)) == {"status": "open", "unanswered": True}
    assert as_filter(TicketQuery(sort="priority")) == {"sort": "priority"}
