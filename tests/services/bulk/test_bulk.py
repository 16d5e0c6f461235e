"""Bulk actions (services/bulk): by ids or by filter, all or nothing, history and events per ticket."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Ticket, TicketEvent, TicketStatus
from helpdesk_app.services.bulk.actions import BulkChange, apply_change, chosen_ids
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotFound
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.tags import on_tickets
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.services.watchers import watching


@pytest.fixture
def three(make_ticket, customer):
    return [make_ticket(requester=customer, subject=f"T{i}", status="open") for i in range(3)]


def _statuses(db, tickets) -> list[str]:
    db.expire_all()
    return [db.get(Ticket, t.id).status.value for t in tickets]


def test_resolve_three_by_id_with_one_history_row_each(db, agent, three):
    result = apply_change(db, actor=agent, ticket_ids=[t.id for t in three], change=BulkChange(status="resolved"))
    assert (result.matched, result.changed) == (3, 3)
    assert _statuses(db, three) == ["resolved"] * 3
    events = db.exec(select(TicketEvent).where(TicketEvent.field == "status")).all()
    assert sorted(e.ticket_id for e in events) == sorted(t.id for t in three)
    again = apply_change(db, actor=agent, ticket_ids=[t.id for t in three], change=BulkChange(status="resolved"))
    assert (again.matched, again.changed) == (3, 0)


def test_tags_assignee_priority_and_watching_together(db, agent, three):
    on_tickets.add_tag(db, actor=agent, ticket_id=three[0].id, name="old")
    db.commit()
    change = BulkChange(priority="urgent", assignee_id=agent.id, set_assignee=True, add_tags=["vip", "billing"],
                        remove_tags=["old", "never-made"], watch=True)
    apply_change(db, actor=agent, ticket_ids=[t.id for t in three], change=change)
    for t in three:
        db.refresh(t)
        assert (t.priority.value, t.assignee_id) == ("urgent", agent.id)
        assert sorted(tag.name for tag in on_tickets.ticket_tags(db, actor=agent, ticket_id=t.id)) == ["billing", "vip"]
        assert agent.id in watching.watcher_ids(db, t.id)
    apply_change(db, actor=agent, ticket_ids=[three[0].id], change=BulkChange(set_assignee=True, watch=False))
    db.refresh(three[0])
    assert three[0].assignee_id is None and agent.id not in watching.watcher_ids(db, three[0].id)


def test_one_refusal_undoes_the_whole_action(db, agent, three, make_user):
    customer_as_assignee, _ = make_user(role="customer")
    with pytest.raises(InvalidInput):  # a customer cannot be assigned: refused on the first ticket
        apply_change(db, actor=agent, ticket_ids=[t.id for t in three],
                     change=BulkChange(status="pending", assignee_id=customer_as_assignee.id, set_assignee=True))
    assert _statuses(db, three) == ["open"] * 3
    with pytest.raises(InvalidInput):  # a tag name that cannot be one, on every ticket: none changed
        apply_change(db, actor=agent, ticket_ids=[t.id for t in three], change=BulkChange(status="closed",
                                                                                          add_tags=["a,b"]))
    assert _statuses(db, three) == ["open"] * 3


def test_chosen_by_filter_or_words_and_only_what_the_actor_sees(db, agent, customer, three, make_ticket):
    replies.add_reply(db, actor=agent, ticket_id=three[1].id, body="The fuser is broken.")
    db.commit()
    assert chosen_ids(db, agent, ids=None, query=TicketQuery(status="open"), q=None) == [t.id for t in three]
    assert chosen_ids(db, agent, ids=None, query=TicketQuery(), q="fuser") == [three[1].id]
    with pytest.raises(NotFound):
        chosen_ids(db, customer, ids=[999_999], query=None, q=None)
    with pytest.raises(InvalidInput):
        chosen_ids(db, agent, ids=[], query=None, q=None)


def test_customers_and_empty_changes_are_refused(db, agent, customer, three):
    with pytest.raises(Forbidden):
        apply_change(db, actor=customer, ticket_ids=[three[0].id], change=BulkChange(status="closed"))
    with pytest.raises(InvalidInput):
        apply_change(db, actor=agent, ticket_ids=[three[0].id], change=BulkChange())
    assert TicketStatus(_statuses(db, three)[0]) == TicketStatus.open
