"""Canned replies (services.canned.library): scopes, who sees and edits what, search, rendering, usage."""

import pytest
from sqlmodel import select

from helpdesk_app.models import CannedReply, CannedScope
from helpdesk_app.services.canned import library
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotFound
from helpdesk_app.services.conversation import replies


@pytest.fixture
def colleague(make_user):
    return make_user(role="agent", name="Sam Support")[0]


def _titles(items):
    return [c.title for c in items]


def test_agents_keep_personal_ones_and_see_the_shared(db, admin, agent, colleague):
    library.create_canned(db, actor=admin, title="Welcome", body="Hello!", scope=CannedScope.shared)
    mine = library.create_canned(db, actor=agent, title="My sign-off", body="Cheers, {{ agent.first_name }}")
    library.create_canned(db, actor=colleague, title="Sam's", body="Sam here")
    items, total = library.list_canned(db, actor=agent)
    assert _titles(items) == ["My sign-off", "Welcome"] and total == 2
    assert [c.scope for c in items] == [CannedScope.personal, CannedScope.shared]
    assert _titles(library.list_canned(db, actor=agent, scope=CannedScope.shared)[0]) == ["Welcome"]
    assert _titles(library.list_canned(db, actor=agent, scope=CannedScope.personal)[0]) == ["My sign-off"]
    for other in (colleague, admin):
        with pytest.raises(NotFound):
            library.get_canned(db, actor=other, canned_id=mine.id)


def test_only_admins_keep_the_shared_ones(db, admin, agent):
    with pytest.raises(Forbidden):
        library.create_canned(db, actor=agent, title="Shared", body="x", scope=CannedScope.shared)
    shared = library.create_canned(db, actor=admin, title="Shared", body="x", scope=CannedScope.shared)
    with pytest.raises(Forbidden):
        library.update_canned(db, actor=agent, canned_id=shared.id, body="changed")
    with pytest.raises(Forbidden):
        library.delete_canned(db, actor=agent, canned_id=shared.id)
    copy = library.copy_canned(db, actor=agent, canned_id=shared.id)
    assert copy.owner_id == agent.id and copy.body == "x"
    library.update_canned(db, actor=agent, canned_id=copy.id, body="mine now")
    library.delete_canned(db, actor=agent, canned_id=copy.id)


def test_customers_are_told_none_exist(db, admin, customer):
    shared = library.create_canned(db, actor=admin, title="Shared", body="x", scope=CannedScope.shared)
    with pytest.raises(NotFound):
        library.list_canned(db, actor=customer)
    with pytest.raises(NotFound):
        library.get_canned(db, actor=customer, canned_id=shared.id)
    with pytest.raises(NotFound):
        library.create_canned(db, actor=customer, title="t", body="b")


def test_search_over_title_and_body_any_case(db, agent):
    library.create_canned(db, actor=agent, title="Refund policy", body="Money back in 30 days")
    library.create_canned(db, actor=agent, title="Shipping", body="Parcels take a week; REFUNDS via the form")
    library.create_canned(db, actor=agent, title="100% sure", body="Yes")
    assert _titles(library.list_canned(db, actor=agent, q="refund")[0]) == ["Refund policy", "Shipping"]
    assert _titles(library.list_canned(db, actor=agent, q="100%")[0]) == ["100% sure"]
    assert library.list_canned(db, actor=agent, q="_")[1] == 0  # LIKE's wildcards are literal here


@pytest.mark.parametrize(("fields", "field", "words"), [
    ({"title": "", "body": "b"}, "title", "Enter a title"),
    ({"title": "t", "body": "  "}, "body", "Enter the text"),
    ({"title": "t", "body": "x" * 20_001}, "body", "at most 20000"),
    ({"title": "t" * 121, "body": "b"}, "title", "at most 120"),
    ({"title": "t", "body": "Hi\n{{ customer.nickname }}"}, "body", "Line 2: unknown variable 'customer.nickname'"),
    ({"title": "t", "body": "{{ ticket.__class__ }}"}, "body", "Line 1"),
])
def test_bad_input_names_the_field_and_saves_nothing(db, agent, fields, field, words):
    with pytest.raises(InvalidInput) as refused:
        library.create_canned(db, actor=agent, **fields)
    assert words in refused.value.fields[field]
    assert db.exec(select(CannedReply)).all() == []


def test_rendered_for_a_ticket_and_its_requester(db, agent, customer, make_ticket, settings_override):
    settings_override(public_url="https://help.example.com/")
    ticket = make_ticket(requester=customer, subject="Broken printer")
    canned = library.create_canned(db, actor=agent, title="t", body=(
        'Hi {{ customer.first_name | default("there") }}, #{{ ticket.number }} "{{ ticket.subject }}" '
        "is {{ ticket.status }}: {{ ticket.url }} ({{ customer.email }}) -- {{ agent.first_name }}"))
    text = library.render_for_ticket(db, actor=agent, canned_id=canned.id, ticket_id=ticket.id)
    assert text == (f'Hi Carla, #{ticket.number} "Broken printer" is new: https://help.example.com/tickets/{ticket.id}'
                    " (carla@example.com) -- Alex")


def test_rendering_for_a_ticket_one_may_not_see_is_not_found(db, agent, customer, make_ticket):
    canned = library.create_canned(db, actor=agent, title="t", body="x")
    with pytest.raises(NotFound):
        library.render_for_ticket(db, actor=agent, canned_id=canned.id, ticket_id=99999)


def test_usage_is_counted_when_a_reply_that_used_it_is_sent(db, agent, admin, colleague, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    shared = library.create_canned(db, actor=admin, title="s", body="x", scope=CannedScope.shared)
    theirs = library.create_canned(db, actor=colleague, title="p", body="x")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Thanks", canned_ids=[shared.id, theirs.id])
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Again", canned_ids=[shared.id])
    db.refresh(shared)
    db.refresh(theirs)
    assert (shared.usage_count, theirs.usage_count) == (2, 0)  # another agent's personal one is not theirs to count


def test_the_picker_renders_each_listed_one_for_the_ticket(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    library.create_canned(db, actor=agent, title="a", body="Hi {{ customer.first_name }}")
    library.create_canned(db, actor=agent, title="b", body="#{{ ticket.number }}")
    items, _ = library.list_canned(db, actor=agent)
    assert sorted(library.render_each(db, actor=agent, items=items, ticket_id=ticket.id).values()) == sorted(
        ["Hi Carla", f"#{ticket.number}"])
