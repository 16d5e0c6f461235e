"""The ticket list (services.ticket_list): filters, sorting, paging and who sees what."""


import pytest

from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotAuthenticated
from helpdesk_app.services.tickets.listing import TicketQuery, list_tickets


def _subjects(db, actor, **query):
    return [t.subject for t in list_tickets(db, actor=actor, query=TicketQuery(**query)).items]


def test_the_default_order_is_most_recent_activity_first(db, agent, queue):
    page = list_tickets(db, actor=agent, query=TicketQuery())
    assert [t.subject for t in page.items] == ["A", "B", "C", "D", "E", "F"]
    assert (page.total, page.page, page.per_page) == (6, 1, 25)
    first = page.items[1]
    assert (first.requester.name, first.assignee.name, first.status, first.priority) == (
        "Carla Customer", "Alex Agent", "open", "urgent")
    assert page.items[0].assignee is None


def test_a_customer_sees_only_their_own_tickets(db, customer, other_customer, queue):
    assert _subjects(db, customer) == ["A", "B", "E"]
    assert _subjects(db, other_customer) == ["C", "D", "F"]
    assert list_tickets(db, actor=customer, query=TicketQuery()).total == 3
    # Filters cannot widen it.
    assert _subjects(db, customer, assignee_id="none") == ["A", "E"]
    assert _subjects(db, customer, status="closed") == []


def test_an_admin_sees_everything(db, admin, queue):
    assert list_tickets(db, actor=admin, query=TicketQuery()).total == 6


@pytest.mark.parametrize(
    ("status", "expected"),
    [("new", ["A"]), ("open", ["B", "C"]), ("pending", ["D"]), ("resolved", ["E"]), ("closed", ["F"])],
)
def test_it_filters_by_status(db, agent, queue, status, expected):
    assert _subjects(db, agent, status=status) == expected


@pytest.mark.parametrize(
    ("priority", "expected"),
    [("low", ["A"]), ("normal", ["D", "E"]), ("high", ["C", "F"]), ("urgent", ["B"])],
)
def test_it_filters_by_priority(db, agent, queue, priority, expected):
    assert _subjects(db, agent, priority=priority) == expected


def test_it_filters_by_assignee(db, agent, admin, queue):
    assert _subjects(db, agent, assignee_id="me") == ["B", "D"]
    assert _subjects(db, admin, assignee_id="me") == ["F"]
    assert _subjects(db, agent, assignee_id="none") == ["A", "E"]
    assert _subjects(db, agent, assignee_id=str(queue["colleague"].id)) == ["C"]
    assert _subjects(db, agent, assignee_id="987654") == []


def test_filters_combine(db, agent, queue):
    assert _subjects(db, agent, status="open", assignee_id="me") == ["B"]
    assert _subjects(db, agent, status="open", priority="high") == ["C"]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("last_activity_at", ["F", "E", "D", "C", "B", "A"]),
        ("-last_activity_at", ["A", "B", "C", "D", "E", "F"]),
        ("number", ["A", "B", "C", "D", "E", "F"]),
        ("-number", ["F", "E", "D", "C", "B", "A"]),
        ("created_at", ["A", "B", "C", "D", "E", "F"]),
        # Ties (same priority) fall back to the id in the same direction.
        ("priority", ["A", "D", "E", "C", "F", "B"]),
        ("-priority", ["B", "F", "C", "E", "D", "A"]),
    ],
)
def test_it_sorts(db, agent, queue, sort, expected):
    assert _subjects(db, agent, sort=sort) == expected


def test_it_pages(db, agent, queue):
    pages = [list_tickets(db, actor=agent, query=TicketQuery(page=p, per_page=4)) for p in (1, 2, 3)]
    assert [[t.subject for t in p.items] for p in pages] == [["A", "B", "C", "D"], ["E", "F"], []]
    assert [(p.total, p.page, p.per_page) for p in pages] == [(6, 1, 4), (6, 2, 4), (6, 3, 4)]


def test_the_total_counts_the_filtered_tickets(db, agent, queue):
    page = list_tickets(db, actor=agent, query=TicketQuery(priority="high", per_page=1))
    assert page.total == 2 and len(page.items) == 1


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ({"status": "done"}, "status"),
        ({"priority": "asap"}, "priority"),
        ({"assignee_id": "someone"}, "assignee_id"),
        ({"assignee_id": "-3"}, "assignee_id"),
        ({"sort": "subject"}, "sort"),
        ({"page": 0}, "page"),
        ({"per_page": 0}, "per_page"),
        ({"per_page": 101}, "per_page"),
    ],
)
def test_it_rejects_bad_queries(db, agent, query, field):
    with pytest.raises(InvalidInput) as err:
        list_tickets(db, actor=agent, query=TicketQuery(**query))
    assert list(err.value.fields) == [field]
    assert err.value.location == "query"


def test_anonymous_and_inactive_users_cannot_list(db, make_user):
    with pytest.raises(NotAuthenticated):
        list_tickets(db, actor=None, query=TicketQuery())
    inactive, _ = make_user(role="agent", is_active=False)
    with pytest.raises(Forbidden):
        list_tickets(db, actor=inactive, query=TicketQuery())


@pytest.fixture
def tagged(db, agent, queue):
    """A: billing, vip · B: billing · C: vip, spam · D: spam · E, F: none."""
    from helpdesk_app.services.tags import on_tickets
    for subject, names in {"A": ["Billing", "vip"], "B": ["billing"], "C": ["VIP", "spam"], "D": ["spam"]}.items():
        on_tickets.set_tags(db, actor=agent, ticket_id=queue[subject].id, names=names)
    return queue


@pytest.mark.parametrize(("query", "expected"), [
    ({"tags": "billing"}, ["A", "B"]),
    ({"tags": "BILLING,spam"}, ["A", "B", "C", "D"]),
    ({"tags": "billing,vip", "tags_match": "all"}, ["A"]),
    ({"tags": "billing,nosuch", "tags_match": "all"}, []),
    ({"tags": "nosuch"}, []),
    ({"not_tags": "spam"}, ["A", "B", "E", "F"]),
    ({"not_tags": "nosuch"}, ["A", "B", "C", "D", "E", "F"]),
    ({"tags": "vip", "not_tags": "spam"}, ["A"]),
    ({"tags": "billing", "status": "open"}, ["B"]),
])
def test_the_list_filters_by_tags(db, agent, tagged, query, expected):
    page = list_tickets(db, actor=agent, query=TicketQuery(**query))
    assert [t.subject for t in page.items] == expected
    assert page.total == len(expected)


def test_list_rows_carry_their_tags_for_agents_only(db, agent, customer, tagged):
    rows = {t.subject: [tag.name for tag in t.tags] for t in list_tickets(db, actor=agent, query=TicketQuery()).items}
    assert rows["A"] == ["Billing", "vip"] and rows["E"] == []
    assert all(t.tags == [] for t in list_tickets(db, actor=customer, query=TicketQuery()).items)


@pytest.mark.parametrize(("query", "field"), [
    ({"tags": "billing"}, "tags"), ({"not_tags": "spam"}, "not_tags"),
])
def test_customers_cannot_filter_by_tags(db, customer, tagged, query, field):
    with pytest.raises(InvalidInput) as refused:
        list_tickets(db, actor=customer, query=TicketQuery(**query))
    assert field in refused.value.fields


@pytest.mark.parametrize(("query", "field"), [
    ({"tags": "a", "tags_match": "most"}, "tags_match"),
    ({"tags": "a\x00b"}, "tags"),
    ({"tags": ",".join(f"t{i}" for i in range(21))}, "tags"),
])
def test_bad_tag_filters_are_refused(db, agent, query, field):
    with pytest.raises(InvalidInput) as refused:
        list_tickets(db, actor=agent, query=TicketQuery(**query))
    assert field in refused.value.fields


@pytest.mark.parametrize(("query", "total"), [
    ({"not_tags": "spam"}, 4), ({"not_tags": "spam", "status": "open"}, 1), ({"tags": "vip", "not_tags": "spam"}, 1),
    ({"tags": "billing,vip", "tags_match": "all"}, 1), ({"tags": "billing,spam"}, 4),
])
def test_the_total_counts_past_the_page(db, agent, tagged, query, total):
    """A full page is counted (a short one is its own count): with none of some tags, as the rest's
    count less those of them that carry the tags."""
    page = list_tickets(db, actor=agent, query=TicketQuery(per_page=1, **query))
    assert page.total == total and len(page.items) == 1


def test_the_total_stops_at_the_cap(db, agent, queue, monkeypatch):
    from helpdesk_app.services.tickets import listing
    monkeypatch.setattr(listing, "COUNT_CAP", 4)
    page = list_tickets(db, actor=agent, query=TicketQuery(per_page=2))
    assert (page.total, page.capped) == (4, True)
    assert list_tickets(db, actor=agent, query=TicketQuery(per_page=2, status="open")).capped is False


@pytest.mark.parametrize("sort", ["-last_activity_at", "last_activity_at", "-priority", "priority", "number",
                                  "-created_at", "updated_at"])
def test_next_cursors_walk_the_same_rows_as_pages(db, agent, queue, sort):
    by_pages = [t.subject for p in (1, 2, 3) for t in list_tickets(
        db, actor=agent, query=TicketQuery(sort=sort, per_page=2, page=p)).items]
    walked, after = [], None
    while True:
        page = list_tickets(db, actor=agent, query=TicketQuery(sort=sort, per_page=2, after=after))
        walked += [t.subject for t in page.items]
        assert page.total == 6
        if page.next_cursor is None:
            break
        after = page.next_cursor
    assert walked == by_pages and len(walked) == 6


@pytest.mark.parametrize("after", ["nonsense!", "", "WzEsMiwzXQ==", "eyJhIjoxfQ=="])
def test_a_cursor_that_is_not_one_is_refused(db, agent, queue, after):
    first = list_tickets(db, actor=agent, query=TicketQuery(per_page=2))
    if after == "":
        after = first.next_cursor  # a cursor of another sort
        query = TicketQuery(per_page=2, sort="number", after=after)
    else:
        query = TicketQuery(per_page=2, after=after)
    with pytest.raises(InvalidInput) as refused:
        list_tickets(db, actor=agent, query=query)
    assert list(refused.value.fields) == ["after"]
