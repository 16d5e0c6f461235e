"""Saved views (services/views): the built-in ones, personal and shared, defaults, counts, who may do what."""

import pytest
from sqlmodel import select

from helpdesk_app.models import SavedView
from helpdesk_app.services.common.errors import Conflict, Forbidden, InvalidInput, NotFound
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.services.views import counts, library
from helpdesk_app.services.views.builtin import BUILTIN


def _names(db, actor) -> list[str]:
    return [v.name for v in library.list_views(db, actor=actor)[0]]


def test_every_agent_starts_with_the_builtin_views_made_once(db, agent, admin):
    assert _names(db, agent) == [name for _, name, _ in BUILTIN]
    assert _names(db, admin) == _names(db, agent)
    assert len(db.exec(select(SavedView)).all()) == len(BUILTIN)


def test_an_agent_keeps_personal_views_after_the_shared_ones(db, agent, admin, make_user):
    mine = library.create_view(db, actor=agent, name=" Urgent ", filter={"priority": "urgent,high"})
    shared = library.create_view(db, actor=admin, name="Billing", filter={"tags": "billing"}, shared=True)
    assert (mine.name, mine.filter, mine.owner_id) == ("Urgent", {"priority": "urgent,high"}, agent.id)
    assert _names(db, agent)[-2:] == ["Billing", "Urgent"]
    other, _ = make_user(role="agent")
    assert "Urgent" not in _names(db, other) and "Billing" in _names(db, other)
    with pytest.raises(NotFound):
        library.get_view(db, actor=other, view_id=mine.id)
    with pytest.raises(NotFound):  # personal means personal, for admins too
        library.update_view(db, actor=admin, view_id=mine.id, name="Mine now")
    with pytest.raises(Forbidden):
        library.update_view(db, actor=agent, view_id=shared.id, name="Ours")
    with pytest.raises(Forbidden):
        library.create_view(db, actor=agent, name="Everyone's", filter={}, shared=True)


def test_rename_edit_reorder_and_delete(db, agent, admin):
    first = library.create_view(db, actor=agent, name="One", filter={})
    second = library.create_view(db, actor=agent, name="Two", filter={"status": "open"})
    assert second.position == first.position + 1
    library.update_view(db, actor=agent, view_id=second.id, position=-1)
    assert _names(db, agent)[-2:] == ["Two", "One"]
    library.update_view(db, actor=agent, view_id=first.id, name="Uno", filter={"unanswered": True, "sort": "number"})
    db.refresh(first)
    assert (first.name, first.filter) == ("Uno", {"unanswered": True, "sort": "number"})
    library.delete_view(db, actor=agent, view_id=first.id)
    assert "Uno" not in _names(db, agent)


def test_builtin_views_can_be_renamed_by_admins_but_never_deleted(db, agent, admin):
    views, _ = library.list_views(db, actor=admin)
    mine = views[0]
    library.update_view(db, actor=admin, view_id=mine.id, name="Mine")
    assert _names(db, agent)[0] == "Mine"
    with pytest.raises(Conflict):
        library.delete_view(db, actor=admin, view_id=mine.id)
    with pytest.raises(Forbidden):
        library.delete_view(db, actor=agent, view_id=mine.id)


def test_each_agent_picks_their_own_default(db, agent, admin):
    views, default = library.list_views(db, actor=agent)
    assert default is None
    library.update_view(db, actor=agent, view_id=views[2].id, make_default=True)
    assert library.list_views(db, actor=agent)[1] == views[2].id
    assert library.list_views(db, actor=admin)[1] is None
    library.update_view(db, actor=agent, view_id=views[3].id, make_default=True)
    assert library.list_views(db, actor=agent)[1] == views[3].id
    mine = library.create_view(db, actor=agent, name="Mine", filter={})
    library.update_view(db, actor=agent, view_id=mine.id, make_default=True)
    library.delete_view(db, actor=agent, view_id=mine.id)
    assert library.list_views(db, actor=agent)[1] is None


@pytest.mark.parametrize("bad, field", [
    ({"status": "done"}, "filter.status"), ({"colour": "red"}, "filter.colour"), ({"unanswered": "yes"},
     "filter.unanswered"), ({"status": 3}, "filter.status"), ({"created_from": "someday"}, "filter.created_from"),
    ({"sort": None}, "filter.sort"), ("open", "filter"),
])
def test_a_filter_the_list_would_refuse_is_refused(db, agent, bad, field):
    with pytest.raises(InvalidInput) as refused:
        library.create_view(db, actor=agent, name="Bad", filter=bad)
    assert list(refused.value.fields) == [field]


@pytest.mark.parametrize("name", ["", "   ", "x" * 81, "a\x00b"])
def test_a_view_needs_a_name(db, agent, name):
    with pytest.raises(InvalidInput) as refused:
        library.create_view(db, actor=agent, name=name, filter={})
    assert list(refused.value.fields) == ["name"]


def test_customers_are_told_views_do_not_exist(db, customer):
    with pytest.raises(NotFound):
        library.list_views(db, actor=customer)
    with pytest.raises(NotFound):
        library.create_view(db, actor=customer, name="Mine", filter={})


def test_counts_follow_each_view_for_the_caller(db, agent, admin, customer, make_ticket):
    make_ticket(requester=customer, status="open", assignee=agent)
    make_ticket(requester=customer, status="pending", assignee=admin)
    make_ticket(requester=customer, status="new")
    make_ticket(requester=customer, status="closed")
    library.create_view(db, actor=agent, name="Closed", filter={"status": "closed"})
    counted = {c.view.name: c.count for c in counts.view_counts(db, actor=agent)[0]}
    assert counted == {"My open tickets": 1, "Unassigned": 1, "All open": 3, "Waiting for customer": 1,
                       "Recently resolved": 1, "Closed": 1}
    assert {c.view.name: c.count for c in counts.view_counts(db, actor=admin)[0]}["My open tickets"] == 1


def test_a_count_stops_at_the_cap(db, agent, customer, make_ticket):
    for _ in range(3):
        make_ticket(requester=customer)
    assert counts.capped_count(db, agent, TicketQuery(), cap=2) == (2, True)
    assert counts.capped_count(db, agent, TicketQuery(), cap=5) == (3, False)


def test_admins_order_the_shared_views_and_agents_their_own(db, agent, admin):
    views, _ = library.list_views(db, actor=admin)
    library.move_view(db, actor=admin, view_id=views[1].id, step=-1)  # Unassigned above My open tickets
    assert _names(db, agent)[:2] == ["Unassigned", "My open tickets"]
    library.move_view(db, actor=admin, view_id=views[0].id, step=-1)  # already first of the two: no change
    shared = library.create_view(db, actor=admin, name="Billing", filter={}, shared=True)
    library.move_view(db, actor=admin, view_id=shared.id, step=-1)
    assert _names(db, agent)[3:6] == ["Waiting for customer", "Billing", "Recently resolved"]
    with pytest.raises(Forbidden):
        library.move_view(db, actor=agent, view_id=shared.id, step=1)
    one = library.create_view(db, actor=agent, name="One", filter={})
    library.create_view(db, actor=agent, name="Two", filter={})
    library.move_view(db, actor=agent, view_id=one.id, step=1)
    assert _names(db, agent)[-2:] == ["Two", "One"]
