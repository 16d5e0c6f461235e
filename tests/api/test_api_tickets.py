"""GET/POST /tickets and GET/PATCH /tickets/{id} over HTTP."""

from datetime import datetime, timedelta

import pytest
from sqlmodel import select, update

from helpdesk_app.models import Ticket, TicketEvent, utcnow
from tests.support import field_messages

TICKET_KEYS = {"id", "number", "subject", "description", "status", "priority", "requester", "assignee",
               "created_at", "updated_at", "last_activity_at", "tags"}


def _subjects(response) -> list[str]:
    assert response.status_code == 200, response.text
    return [t["subject"] for t in response.json()["items"]]


@pytest.fixture
def queue(db, make_ticket, admin, agent, customer, other_customer):
    """Five tickets, A the most recently active."""
    specs = [
        ("A", customer, "new", "low", None),
        ("B", customer, "open", "urgent", agent),
        ("C", other_customer, "open", "high", admin),
        ("D", other_customer, "pending", "normal", agent),
        ("E", customer, "resolved", "high", None),
    ]
    now = utcnow()
    made = {}
    for i, (subject, requester, status, priority, assignee) in enumerate(specs):
        ticket = make_ticket(requester=requester, subject=subject, status=status, priority=priority,
                             assignee=assignee)
        db.exec(update(Ticket).where(Ticket.id == ticket.id).values(last_activity_at=now - timedelta(minutes=i)))
        made[subject] = ticket
    db.commit()
    return made


def test_the_list_has_the_paging_shape(as_agent, queue, agent, customer):
    response = as_agent.get("/tickets")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "total", "page", "per_page", "capped", "next_cursor"}
    assert (body["total"], body["page"], body["per_page"]) == (5, 1, 25)
    assert [t["subject"] for t in body["items"]] == ["A", "B", "C", "D", "E"]
    b = body["items"][1]
    assert set(b) == TICKET_KEYS
    assert b["requester"] == {"id": customer.id, "name": "Carla Customer", "role": "customer"}
    assert b["assignee"] == {"id": agent.id, "name": "Alex Agent", "role": "agent"}
    assert (b["status"], b["priority"], b["number"]) == ("open", "urgent", queue["B"].number)
    assert datetime.fromisoformat(b["last_activity_at"]).utcoffset() == timedelta(0)


def test_the_list_pages(as_agent, queue):
    first = as_agent.get("/tickets", params={"per_page": 2, "page": 1}).json()
    third = as_agent.get("/tickets", params={"per_page": 2, "page": 3}).json()
    assert [t["subject"] for t in first["items"]] == ["A", "B"]
    assert [t["subject"] for t in third["items"]] == ["E"]
    assert (third["total"], third["page"], third["per_page"]) == (5, 3, 2)
    assert as_agent.get("/tickets", params={"page": 9}).json()["items"] == []


def test_the_list_filters(as_agent, as_admin, queue, admin):
    assert _subjects(as_agent.get("/tickets", params={"status": "open"})) == ["B", "C"]
    assert _subjects(as_agent.get("/tickets", params={"priority": "high"})) == ["C", "E"]
    assert _subjects(as_agent.get("/tickets", params={"assignee_id": "me"})) == ["B", "D"]
    assert _subjects(as_admin.get("/tickets", params={"assignee_id": "me"})) == ["C"]
    assert _subjects(as_agent.get("/tickets", params={"assignee_id": "none"})) == ["A", "E"]
    assert _subjects(as_agent.get("/tickets", params={"assignee_id": str(admin.id)})) == ["C"]
    response = as_agent.get("/tickets", params={"status": "open", "assignee_id": "me"})
    assert _subjects(response) == ["B"] and response.json()["total"] == 1


def test_the_list_takes_every_filter_of_the_service(as_agent, queue, admin):
    params = {"status": "open,new,resolved", "priority": "high,low", "assignee_id": f"none,{admin.id}"}
    assert _subjects(as_agent.get("/tickets", params=params)) == ["A", "C", "E"]
    assert _subjects(as_agent.get("/tickets", params={"requester": "carla", "unanswered": "true",
                                                      "has_attachments": "false", "created_from": "30d"})) == [
        "A", "B", "E"]
    assert _subjects(as_agent.get("/tickets", params={"activity_to": "2000-01-01"})) == []


def test_next_cursor_pages_on(as_agent, queue):
    first = as_agent.get("/tickets", params={"per_page": 2}).json()
    second = as_agent.get("/tickets", params={"per_page": 2, "after": first["next_cursor"], "page": 2}).json()
    assert _subjects_of(first) + _subjects_of(second) == ["A", "B", "C", "D"]
    assert second["page"] == 2 and second["total"] == 5
    refused = as_agent.get("/tickets", params={"after": first["next_cursor"], "sort": "number"})
    assert refused.status_code == 422


def _subjects_of(body) -> list[str]:
    return [t["subject"] for t in body["items"]]


def test_the_list_sorts(as_agent, queue):
    assert _subjects(as_agent.get("/tickets", params={"sort": "number"})) == ["A", "B", "C", "D", "E"]
    assert _subjects(as_agent.get("/tickets", params={"sort": "-number"})) == ["E", "D", "C", "B", "A"]
    assert _subjects(as_agent.get("/tickets", params={"sort": "last_activity_at"})) == ["E", "D", "C", "B", "A"]
    assert _subjects(as_agent.get("/tickets", params={"sort": "-priority"})) == ["B", "E", "C", "D", "A"]


def test_a_customer_lists_only_their_own_tickets(as_customer, as_other_customer, queue):
    assert _subjects(as_customer.get("/tickets")) == ["A", "B", "E"]
    assert as_customer.get("/tickets").json()["total"] == 3
    assert _subjects(as_other_customer.get("/tickets")) == ["C", "D"]
    assert _subjects(as_customer.get("/tickets", params={"status": "pending"})) == []


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "done"}, "query.status"),
        ({"priority": "asap"}, "query.priority"),
        ({"assignee_id": "bob"}, "query.assignee_id"),
        ({"sort": "subject"}, "query.sort"),
        ({"page": 0}, "query.page"),
        ({"page": "two"}, "query.page"),
        ({"per_page": 101}, "query.per_page"),
        ({"status": "open,done"}, "query.status"),
        ({"created_from": "last week"}, "query.created_from"),
        ({"unanswered": "perhaps"}, "query.unanswered"),
    ],
)
def test_a_bad_list_query_is_422(as_agent, params, field):
    messages = field_messages(as_agent.get("/tickets", params=params))
    assert list(messages) == [field]


def test_a_customer_opens_a_ticket(as_customer, customer, db):
    response = as_customer.post("/tickets", json={"subject": " Printer on fire ", "description": "Smoke!",
                                                   "priority": "high"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == TICKET_KEYS
    assert (body["number"], body["subject"], body["status"], body["priority"]) == (1001, "Printer on fire", "new",
                                                                                    "high")
    assert body["requester"]["id"] == customer.id and body["assignee"] is None
    second = as_customer.post("/tickets", json={"subject": "Again", "description": "More smoke"}).json()
    assert (second["number"], second["priority"]) == (1002, "normal")
    assert db.exec(select(Ticket.created_by_id).where(Ticket.id == body["id"])).one() == customer.id


def test_an_agent_opens_a_ticket_for_a_customer(as_agent, agent, customer, db):
    response = as_agent.post("/tickets", json={"subject": "Phoned in", "description": "Carla called",
                                                "requester_id": customer.id})
    assert response.status_code == 201, response.text
    assert response.json()["requester"]["id"] == customer.id
    assert db.exec(select(Ticket.created_by_id)).one() == agent.id


def test_a_customer_cannot_open_a_ticket_for_another_customer(as_customer, other_customer):
    response = as_customer.post("/tickets", json={"subject": "Hi", "description": "x",
                                                   "requester_id": other_customer.id})
    assert response.status_code == 403


def test_creating_a_ticket_with_bad_input_is_422(as_agent):
    assert field_messages(as_agent.post("/tickets", json={"description": "x"})) == {"body.subject": "Field required"}
    messages = field_messages(as_agent.post("/tickets", json={"subject": " ", "description": ""}))
    assert messages == {"body.subject": "Enter a subject.", "body.description": "Enter a description."}
    messages = field_messages(as_agent.post("/tickets", json={"subject": "s" * 201, "description": "x"}))
    assert messages == {"body.subject": "Use at most 200 characters."}
    messages = field_messages(as_agent.post("/tickets", json={"subject": "s", "description": "x",
                                                               "priority": "asap"}))
    assert list(messages) == ["body.priority"]
    messages = field_messages(as_agent.post("/tickets", json={"subject": "s", "description": "x",
                                                               "requester_id": 987654}))
    assert messages == {"body.requester_id": "Choose an active user."}


def test_get_ticket(as_customer, as_agent, queue):
    ticket = queue["A"]
    for client in (as_customer, as_agent):
        response = client.get(f"/tickets/{ticket.id}")
        assert response.status_code == 200
        assert response.json()["number"] == ticket.number and set(response.json()) == TICKET_KEYS


def test_another_customers_ticket_is_404_never_403(as_other_customer, queue):
    ticket = queue["A"]
    responses = [
        as_other_customer.get(f"/tickets/{ticket.id}"),
        as_other_customer.patch(f"/tickets/{ticket.id}", json={"status": "closed"}),
        as_other_customer.get(f"/tickets/{ticket.id}/replies"),
        as_other_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "hi"}),
        as_other_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "hi", "internal": True}),
    ]
    assert [r.status_code for r in responses] == [404] * 5
    # Indistinguishable from a ticket that does not exist.
    missing = as_other_customer.get("/tickets/987654")
    assert missing.status_code == 404
    assert {r.json()["detail"] for r in responses} == {missing.json()["detail"]} == {"Ticket not found."}


def test_a_ticket_id_must_be_a_number(as_agent):
    assert list(field_messages(as_agent.get("/tickets/abc"))) == ["path.ticket_id"]


def test_an_agent_changes_status_priority_and_assignee(as_agent, agent, queue, db):
    ticket = queue["A"]
    response = as_agent.patch(f"/tickets/{ticket.id}", json={"status": "pending", "priority": "urgent",
                                                              "assignee_id": agent.id})
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["status"], body["priority"], body["assignee"]["id"]) == ("pending", "urgent", agent.id)
    events = db.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id).order_by(TicketEvent.id)).all()
    assert [(e.field, e.old_value, e.new_value, e.actor_id) for e in events] == [
        ("status", "new", "pending", agent.id),
        ("priority", "low", "urgent", agent.id),
        ("assignee", None, "Alex Agent", agent.id),
    ]


def test_patch_with_null_assignee_unassigns_and_leaves_the_rest(as_agent, queue):
    ticket = queue["B"]
    body = as_agent.patch(f"/tickets/{ticket.id}", json={"assignee_id": None}).json()
    assert body["assignee"] is None and (body["status"], body["priority"]) == ("open", "urgent")


def test_patch_with_bad_values_is_422(as_agent, queue, customer):
    url = f"/tickets/{queue['A'].id}"
    assert list(field_messages(as_agent.patch(url, json={"status": "done"}))) == ["body.status"]
    assert list(field_messages(as_agent.patch(url, json={"priority": 7}))) == ["body.priority"]
    assert field_messages(as_agent.patch(url, json={"status": None})) == {"body.status": "Choose a status."}
    assert field_messages(as_agent.patch(url, json={"assignee_id": customer.id})) == {
        "body.assignee_id": "Choose an active agent."}


def test_a_customer_may_not_change_their_own_ticket(as_customer, queue):
    response = as_customer.patch(f"/tickets/{queue['A'].id}", json={"status": "closed"})
    assert response.status_code == 403
    assert response.json() == {"detail": "You are not allowed to do that."}


def test_patching_a_missing_ticket_is_404(as_agent):
    assert as_agent.patch("/tickets/987654", json={"status": "open"}).status_code == 404
