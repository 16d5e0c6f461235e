"""The tag catalogue (services.tags.catalog): autocomplete, create, edit, merge, delete."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Tag, TicketTag
from helpdesk_app.services.common.errors import Conflict, Forbidden, InvalidInput, NotFound
from helpdesk_app.services.tags import catalog, on_tickets
from helpdesk_app.services.tags.catalog import TagChanges


def test_autocomplete_finds_by_prefix_any_case_most_used_first(db, admin, agent, make_ticket, customer):
    for name in ("Billing", "bill-me-later", "Bug", "Refund"):
        catalog.create_tag(db, actor=admin, name=name)
    on_tickets.add_tag(db, actor=agent, ticket_id=make_ticket(requester=customer).id, name="bug")
    items, total = catalog.list_tags(db, actor=agent, q="BI")
    assert [t.name for t in items] == ["bill-me-later", "Billing"] and total == 2
    items, total = catalog.list_tags(db, actor=agent, q="b")
    assert [t.name for t in items][0] == "Bug" and total == 3
    assert catalog.list_tags(db, actor=agent)[1] == 4


def test_a_name_taken_in_any_case_is_a_conflict(db, admin):
    catalog.create_tag(db, actor=admin, name="Billing")
    with pytest.raises(Conflict):
        catalog.create_tag(db, actor=admin, name=" billing ")


@pytest.mark.parametrize(("fields", "field"), [
    ({"name": ""}, "name"), ({"name": "a,b"}, "name"), ({"name": "x" * 51}, "name"),
    ({"name": "ok", "color": "#ff0000"}, "color"), ({"name": "ok", "description": "d" * 201}, "description"),
])
def test_bad_input_names_the_field_and_saves_nothing(db, admin, fields, field):
    with pytest.raises(InvalidInput) as refused:
        catalog.create_tag(db, actor=admin, **fields)
    assert field in refused.value.fields
    assert db.exec(select(Tag)).all() == []


def test_admins_rename_recolour_and_describe(db, admin):
    tag = catalog.create_tag(db, actor=admin, name="bug")
    catalog.update_tag(db, actor=admin, tag_id=tag.id, changes=TagChanges(name="Bug  report", color="red",
                                                                           description=" Broken things "))
    db.refresh(tag)
    assert (tag.name, tag.color, tag.description) == ("Bug report", "red", "Broken things")
    catalog.update_tag(db, actor=admin, tag_id=tag.id, changes=TagChanges(description=""))
    db.refresh(tag)
    assert tag.description is None


def test_renaming_onto_another_tag_says_merge(db, admin):
    catalog.create_tag(db, actor=admin, name="Billing")
    other = catalog.create_tag(db, actor=admin, name="Invoices")
    with pytest.raises(Conflict) as refused:
        catalog.update_tag(db, actor=admin, tag_id=other.id, changes=TagChanges(name="BILLING"))
    assert "merge" in refused.value.message


def test_agents_may_not_edit_the_catalogue(db, admin, agent):
    tag = catalog.create_tag(db, actor=admin, name="bug")
    with pytest.raises(Forbidden):
        catalog.update_tag(db, actor=agent, tag_id=tag.id, changes=TagChanges(color="red"))
    with pytest.raises(Forbidden):
        catalog.delete_tag(db, actor=agent, tag_id=tag.id)


def test_merging_moves_the_tickets_without_duplicates(db, admin, agent, make_ticket, customer):
    both, only_old, only_new = (make_ticket(requester=customer) for _ in range(3))
    on_tickets.set_tags(db, actor=agent, ticket_id=both.id, names=["bill", "Billing"])
    on_tickets.add_tag(db, actor=agent, ticket_id=only_old.id, name="bill")
    on_tickets.add_tag(db, actor=agent, ticket_id=only_new.id, name="Billing")
    old, new = (catalog.find_by_name(db, n) for n in ("bill", "Billing"))
    merged = catalog.merge_tag(db, actor=admin, tag_id=old.id, into_id=new.id)
    assert merged.ticket_count == 3
    assert sorted(db.exec(select(TicketTag.ticket_id).where(TicketTag.tag_id == new.id)).all()) == sorted(
        [both.id, only_old.id, only_new.id])
    assert catalog.find_by_name(db, "bill") is None


def test_a_tag_cannot_be_merged_into_itself_or_nothing(db, admin):
    tag = catalog.create_tag(db, actor=admin, name="bug")
    with pytest.raises(InvalidInput):
        catalog.merge_tag(db, actor=admin, tag_id=tag.id, into_id=tag.id)
    with pytest.raises(InvalidInput):
        catalog.merge_tag(db, actor=admin, tag_id=tag.id, into_id=99999)


def test_deleting_a_tag_takes_it_off_its_tickets(db, admin, agent, ticket):
    on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="spam")
    tag = catalog.find_by_name(db, "spam")
    catalog.delete_tag(db, actor=admin, tag_id=tag.id)
    assert db.exec(select(TicketTag)).all() == []
    with pytest.raises(NotFound):
        catalog.get_tag(db, actor=admin, tag_id=tag.id)


def test_customers_are_told_there_is_no_catalogue(db, admin, customer):
    catalog.create_tag(db, actor=admin, name="bug")
    with pytest.raises(NotFound):
        catalog.list_tags(db, actor=customer)
