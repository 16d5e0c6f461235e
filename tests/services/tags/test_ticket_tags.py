"""Tags on tickets (services.tags.on_tickets): adding, removing, setting, the counts and the history."""

import pytest
from sqlmodel import select

from helpdesk_app.models import OutboxEntry, Tag, TicketEvent
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotFound
from helpdesk_app.services.conversation.thread import get_thread
from helpdesk_app.services.tags import catalog, on_tickets


def _names(refs):
    return [r.name for r in refs]


def test_an_agent_adds_a_new_tag_and_it_is_made(db, agent, ticket):
    ref = on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="  Billing   issue ")
    assert ref.name == "Billing issue" and ref.color == "gray"
    assert _names(on_tickets.ticket_tags(db, actor=agent, ticket_id=ticket.id)) == ["Billing issue"]
    assert db.exec(select(Tag.ticket_count)).one() == 1


def test_another_case_uses_the_tag_that_exists(db, agent, admin, ticket, make_ticket, customer):
    catalog.create_tag(db, actor=admin, name="Billing", color="blue")
    second = make_ticket(requester=customer)
    on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="billing")
    on_tickets.add_tag(db, actor=agent, ticket_id=second.id, name="BILLING")
    assert db.exec(select(Tag.name, Tag.ticket_count)).all() == [("Billing", 2)]


def test_adding_a_tag_twice_changes_nothing(db, agent, ticket):
    on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="vip")
    on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="VIP")
    assert db.exec(select(Tag.ticket_count)).one() == 1
    assert len(db.exec(select(TicketEvent).where(TicketEvent.field == "tag")).all()) == 1


def test_each_change_is_in_the_history_and_the_outbox(db, agent, ticket):
    on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="vip")
    tag_id = db.exec(select(Tag.id)).one()
    on_tickets.remove_tag(db, actor=agent, ticket_id=ticket.id, tag_id=tag_id)
    events = db.exec(select(TicketEvent.actor_id, TicketEvent.old_value, TicketEvent.new_value)
                     .where(TicketEvent.field == "tag").order_by(TicketEvent.id)).all()
    assert events == [(agent.id, None, "vip"), (agent.id, "vip", None)]
    assert db.exec(select(Tag.ticket_count)).one() == 0
    payloads = [e.payload for e in db.exec(select(OutboxEntry).where(OutboxEntry.event == "ticket.tags_changed"))]
    assert payloads == [{"added": ["vip"], "removed": []}, {"added": [], "removed": ["vip"]}]


def test_customers_never_see_tags_or_their_history(db, agent, customer, ticket):
    on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="angry")
    with pytest.raises(NotFound):
        on_tickets.ticket_tags(db, actor=customer, ticket_id=ticket.id)
    with pytest.raises(NotFound):
        on_tickets.add_tag(db, actor=customer, ticket_id=ticket.id, name="fine")
    assert all(e.kind != "event" or e.event.field != "tag" for e in get_thread(db, actor=customer, ticket_id=ticket.id))
    assert any(e.kind == "event" and e.event.new_value == "angry"
               for e in get_thread(db, actor=agent, ticket_id=ticket.id))


def test_set_tags_makes_the_list_exactly_so(db, agent, ticket):
    on_tickets.set_tags(db, actor=agent, ticket_id=ticket.id, names=["a", "b"])
    refs = on_tickets.set_tags(db, actor=agent, ticket_id=ticket.id, names=["B", "c", "c"])
    assert _names(refs) == ["b", "c"]
    counts = dict(db.exec(select(Tag.name, Tag.ticket_count)).all())
    assert counts == {"a": 0, "b": 1, "c": 1}


def test_set_tags_checks_every_name_before_writing(db, agent, ticket):
    with pytest.raises(InvalidInput) as refused:
        on_tickets.set_tags(db, actor=agent, ticket_id=ticket.id, names=["ok", "no,comma", ""])
    assert set(refused.value.fields) == {"names.1", "names.2"}
    assert db.exec(select(Tag)).all() == []


def test_removing_a_tag_that_is_not_there_is_not_found(db, agent, admin, ticket):
    tag = catalog.create_tag(db, actor=admin, name="elsewhere")
    with pytest.raises(NotFound):
        on_tickets.remove_tag(db, actor=agent, ticket_id=ticket.id, tag_id=tag.id)


def test_with_agents_creating_off_only_admins_make_new_tags(db, agent, admin, ticket, settings_override):
    settings_override(tags_agents_create=False)
    catalog.create_tag(db, actor=admin, name="known")
    assert on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="KNOWN").name == "known"
    with pytest.raises(Forbidden):
        on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="brand new")
    assert on_tickets.add_tag(db, actor=admin, ticket_id=ticket.id, name="brand new").name == "brand new"


def test_a_ticket_carries_at_most_fifty_tags(db, agent, ticket):
    on_tickets.set_tags(db, actor=agent, ticket_id=ticket.id, names=[f"t{i}" for i in range(50)])
    with pytest.raises(InvalidInput):
        on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="one more")


def test_a_refused_add_leaves_no_new_tag_behind(db, agent, ticket):
    on_tickets.set_tags(db, actor=agent, ticket_id=ticket.id, names=[f"t{i}" for i in range(50)])
    with pytest.raises(InvalidInput):
        on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="brand new")
    assert catalog.find_by_name(db, "brand new") is None


def test_a_name_another_transaction_just_made_is_used_not_doubled(db, agent, ticket, app_engine):
    from sqlmodel import Session
    with Session(app_engine) as other:
        catalog.create_tag(other, actor=agent, name="Race")
    assert on_tickets.add_tag(db, actor=agent, ticket_id=ticket.id, name="race").name == "Race"
    assert catalog._insert(db, Tag(name="RACE", name_key="race", color="gray")) is None
