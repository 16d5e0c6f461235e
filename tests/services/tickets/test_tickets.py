"""Opening and changing tickets (services.tickets), with their history events."""

import threading
from datetime import timedelta

import pytest
from pydantic import ValidationError
from sqlmodel import Session, select

from helpdesk_app.models import Role, Ticket, TicketCreate, TicketEvent, TicketNumberCounter, TicketUpdate, utcnow
from helpdesk_app.services import tickets
from helpdesk_app.services.common.errors import Forbidden, InvalidInput, NotAuthenticated, NotFound


def _events(db, ticket_id):
    db.expire_all()
    return db.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id).order_by(TicketEvent.id)).all()


def test_a_customer_opens_a_ticket(db, customer):
    before = utcnow()
    ticket = tickets.create_ticket(db, actor=customer, data=TicketCreate(
        subject="  Printer on fire ", description=" It smokes. ", priority="high"))
    db.commit()
    stored = db.get(Ticket, ticket.id)
    assert stored.number == 1001
    assert (stored.subject, stored.description) == ("Printer on fire", "It smokes.")
    assert (stored.status, stored.priority) == ("new", "high")
    assert stored.requester_id == stored.created_by_id == customer.id
    assert stored.assignee_id is None
    assert before <= stored.created_at == stored.updated_at == stored.last_activity_at <= utcnow()
    assert stored.created_at.tzinfo is not None
    assert _events(db, ticket.id) == []


def test_an_agent_opens_a_ticket_on_behalf_of_a_customer(db, agent, customer):
    ticket = tickets.create_ticket(db, actor=agent, data=TicketCreate(
        subject="Phoned in", description="Carla called.", requester_id=customer.id))
    assert ticket.requester_id == customer.id
    assert ticket.created_by_id == agent.id


def test_a_customer_cannot_open_a_ticket_for_someone_else(db, customer, other_customer):
    with pytest.raises(Forbidden):
        tickets.create_ticket(db, actor=customer, data=TicketCreate(
            subject="Hi", description="For Chris", requester_id=other_customer.id))


def test_naming_yourself_as_requester_is_fine_for_a_customer(db, customer):
    ticket = tickets.create_ticket(db, actor=customer, data=TicketCreate(
        subject="Hi", description="Me", requester_id=customer.id))
    assert ticket.requester_id == customer.id


@pytest.mark.parametrize("requester", ["missing", "inactive"])
def test_the_requester_must_be_an_active_user(db, agent, make_user, requester):
    requester_id = 987654 if requester == "missing" else make_user(role=Role.customer, is_active=False)[0].id
    with pytest.raises(InvalidInput) as err:
        tickets.create_ticket(db, actor=agent, data=TicketCreate(
            subject="Hi", description="There", requester_id=requester_id))
    assert list(err.value.fields) == ["requester_id"]


@pytest.mark.parametrize(
    ("subject", "description", "bad"),
    [
        ("", "ok", {"subject"}),
        ("   ", "ok", {"subject"}),
        ("s" * 201, "ok", {"subject"}),
        ("ok", " \n ", {"description"}),
        ("ok", "d" * 50_001, {"description"}),
        ("", "", {"subject", "description"}),
    ],
)
def test_create_ticket_rejects_bad_text(db, customer, subject, description, bad):
    with pytest.raises(InvalidInput) as err:
        tickets.create_ticket(db, actor=customer, data=TicketCreate(subject=subject, description=description))
    assert set(err.value.fields) == bad


def test_an_unknown_priority_is_rejected_by_the_schema():
    with pytest.raises(ValidationError):
        TicketCreate(subject="a", description="b", priority="whenever")
    with pytest.raises(ValidationError):
        TicketUpdate(status="done")


def test_anonymous_and_inactive_users_cannot_open_tickets(db, make_user):
    with pytest.raises(NotAuthenticated):
        tickets.create_ticket(db, actor=None, data=TicketCreate(subject="a", description="b"))
    inactive, _ = make_user(role=Role.customer, is_active=False)
    with pytest.raises(Forbidden):
        tickets.create_ticket(db, actor=inactive, data=TicketCreate(subject="a", description="b"))


def test_ticket_numbers_are_unique_and_increasing(db, customer, agent, make_ticket):
    numbers = [make_ticket(requester=customer).number for _ in range(3)]
    numbers.append(make_ticket(requester=customer, actor=agent).number)
    assert numbers == [1001, 1002, 1003, 1004]
    assert db.get(TicketNumberCounter, 1).last_number == 1004


def test_a_failed_create_does_not_use_up_a_number_after_rollback(db, customer, make_ticket):
    make_ticket(requester=customer)
    with pytest.raises(InvalidInput):
        tickets.create_ticket(db, actor=customer, data=TicketCreate(subject="", description="x"))
    db.rollback()
    assert make_ticket(requester=customer).number == 1002


def test_concurrent_creates_never_share_a_number(db, clean_db, customer):
    made: list[int] = []
    errors: list[BaseException] = []

    def work():
        try:
            for _ in range(5):
                with Session(clean_db, expire_on_commit=False) as session:
                    ticket = tickets.create_ticket(session, actor=customer, data=TicketCreate(
                        subject="Race", description="Who is first?"))
                    session.commit()
                    made.append(ticket.number)
        except BaseException as e:  # reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sorted(made) == list(range(1001, 1021))


def test_get_visible_hides_other_customers_tickets_as_not_found(db, customer, other_customer, agent, make_ticket):
    ticket = make_ticket(requester=customer)
    assert tickets.get_visible(db, actor=customer, ticket_id=ticket.id).id == ticket.id
    assert tickets.get_visible(db, actor=agent, ticket_id=ticket.id).id == ticket.id
    with pytest.raises(NotFound):
        tickets.get_visible(db, actor=other_customer, ticket_id=ticket.id)


@pytest.mark.parametrize("persona", ["customer", "agent", "admin"])
def test_a_missing_ticket_is_not_found_for_everyone(db, request, persona):
    with pytest.raises(NotFound):
        tickets.get_visible(db, actor=request.getfixturevalue(persona), ticket_id=987654)


def test_anonymous_is_not_authenticated_even_for_a_missing_ticket(db, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    for ticket_id in (ticket.id, 987654):
        with pytest.raises(NotAuthenticated):
            tickets.get_visible(db, actor=None, ticket_id=ticket_id)


def test_an_update_records_who_when_from_and_to(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    before = utcnow()
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(
        status="pending", priority="urgent", assignee_id=agent.id))
    db.commit()
    events = _events(db, ticket.id)
    assert [(e.field, e.old_value, e.new_value, e.actor_id) for e in events] == [
        ("status", "new", "pending", agent.id),
        ("priority", "normal", "urgent", agent.id),
        ("assignee", None, "Alex Agent", agent.id),
    ]
    assert all(before <= e.created_at <= utcnow() for e in events)
    stored = db.get(Ticket, ticket.id)
    assert (stored.status, stored.priority, stored.assignee_id) == ("pending", "urgent", agent.id)
    assert stored.updated_at >= before and stored.last_activity_at >= before


def test_only_the_fields_sent_change(db, agent, admin, customer, make_ticket):
    ticket = make_ticket(requester=customer, assignee=agent, priority="high")
    tickets.update_ticket(db, actor=admin, ticket_id=ticket.id, changes=TicketUpdate(status="open"))
    db.commit()
    stored = db.get(Ticket, ticket.id)
    assert (stored.status, stored.priority, stored.assignee_id) == ("open", "high", agent.id)
    assert [(e.field, e.actor_id) for e in _events(db, ticket.id)] == [("status", admin.id)]


def test_an_update_without_a_real_change_writes_no_event(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    stamp = ticket.updated_at
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(status="new", priority="normal"))
    db.commit()
    assert _events(db, ticket.id) == []
    assert db.get(Ticket, ticket.id).updated_at == stamp


def test_null_assignee_unassigns(db, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer, assignee=agent)
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(assignee_id=None))
    db.commit()
    assert db.get(Ticket, ticket.id).assignee_id is None
    assert [(e.field, e.old_value, e.new_value) for e in _events(db, ticket.id)] == [("assignee", "Alex Agent", None)]


@pytest.mark.parametrize("field", ["status", "priority"])
def test_status_and_priority_cannot_be_cleared(db, agent, customer, make_ticket, field):
    ticket = make_ticket(requester=customer)
    with pytest.raises(InvalidInput) as err:
        tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(**{field: None}))
    assert list(err.value.fields) == [field]


@pytest.mark.parametrize("assignee", ["customer", "inactive agent", "missing"])
def test_the_assignee_must_be_an_active_agent(db, agent, customer, make_ticket, make_user, assignee):
    ticket = make_ticket(requester=customer)
    assignee_id = {
        "customer": customer.id,
        "inactive agent": make_user(role=Role.agent, is_active=False)[0].id,
        "missing": 987654,
    }[assignee]
    with pytest.raises(InvalidInput) as err:
        tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(assignee_id=assignee_id))
    assert list(err.value.fields) == ["assignee_id"]
    db.rollback()
    assert _events(db, ticket.id) == []


def test_an_admin_can_be_assigned(db, admin, agent, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(assignee_id=admin.id))
    assert ticket.assignee_id == admin.id


def test_a_customer_cannot_change_their_own_ticket(db, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    with pytest.raises(Forbidden):
        tickets.update_ticket(db, actor=customer, ticket_id=ticket.id, changes=TicketUpdate(status="closed"))


def test_another_customer_gets_not_found_when_changing_a_ticket(db, customer, other_customer, make_ticket):
    ticket = make_ticket(requester=customer)
    with pytest.raises(NotFound):
        tickets.update_ticket(db, actor=other_customer, ticket_id=ticket.id, changes=TicketUpdate(status="closed"))


def test_timestamps_are_timezone_aware_after_a_reload(db, customer, make_ticket):
    ticket = make_ticket(requester=customer)
    db.expire_all()
    stored = db.get(Ticket, ticket.id)
    assert stored.created_at.utcoffset() == timedelta(0)
