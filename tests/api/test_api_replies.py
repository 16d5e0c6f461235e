"""GET/POST /tickets/{id}/replies over HTTP, and internal notes never reaching a customer."""

import pytest

from tests.support import field_messages

NOTE = "INTERNAL-7f3a: refund approved by finance, do not tell the customer yet"


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer, subject="Refund please")


def test_a_customer_replies(as_customer, customer, ticket):
    response = as_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "  Any news?  "})
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == {"id", "ticket_id", "author", "body", "internal", "created_at"}
    assert (body["ticket_id"], body["body"], body["internal"]) == (ticket.id, "Any news?", False)
    assert body["author"] == {"id": customer.id, "name": "Carla Customer", "role": "customer"}


def test_the_first_agent_reply_opens_the_ticket_and_a_customer_reply_reopens_it(as_agent, as_customer, ticket):
    url = f"/tickets/{ticket.id}"
    assert as_agent.post(f"{url}/replies", json={"body": "On it."}).status_code == 201
    assert as_agent.get(url).json()["status"] == "open"
    assert as_agent.patch(url, json={"status": "resolved"}).json()["status"] == "resolved"
    assert as_customer.post(f"{url}/replies", json={"body": "Still broken."}).status_code == 201
    assert as_customer.get(url).json()["status"] == "open"


def test_an_agent_adds_an_internal_note(as_agent, ticket):
    response = as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": NOTE, "internal": True})
    assert response.status_code == 201
    assert response.json()["internal"] is True


def test_a_customer_may_not_add_an_internal_note(as_customer, ticket):
    response = as_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "psst", "internal": True})
    assert response.status_code == 403
    assert as_customer.get(f"/tickets/{ticket.id}/replies").json()["total"] == 0


def test_a_reply_needs_a_body(as_customer, ticket):
    url = f"/tickets/{ticket.id}/replies"
    assert field_messages(as_customer.post(url, json={})) == {"body.body": "Field required"}
    assert field_messages(as_customer.post(url, json={"body": "   "})) == {"body.body": "Enter a message."}
    assert list(field_messages(as_customer.post(url, json={"body": "x", "internal": "maybe"}))) == ["body.internal"]


def test_replying_to_a_missing_ticket_is_404(as_agent):
    assert as_agent.post("/tickets/987654/replies", json={"body": "hi"}).status_code == 404
    assert as_agent.get("/tickets/987654/replies").status_code == 404


def test_replies_page_in_order(as_agent, ticket):
    for i in range(5):
        assert as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": f"reply {i}"}).status_code == 201
    response = as_agent.get(f"/tickets/{ticket.id}/replies", params={"page": 2, "per_page": 2})
    body = response.json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"]) == (5, 2, 2)
    assert [r["body"] for r in body["items"]] == ["reply 2", "reply 3"]
    default = as_agent.get(f"/tickets/{ticket.id}/replies").json()
    assert (default["page"], default["per_page"], len(default["items"])) == (1, 50, 5)


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 0}, {"per_page": 101}, {"page": "x"},
                                    {"page": 10**18}])
def test_bad_reply_paging_is_422(as_agent, ticket, params):
    messages = field_messages(as_agent.get(f"/tickets/{ticket.id}/replies", params=params))
    assert all(loc.startswith("query.") for loc in messages)


def test_internal_notes_never_reach_a_customer_in_any_answer(as_agent, as_customer, ticket):
    url = f"/tickets/{ticket.id}"
    # Agents see the note (so this test would notice if the marker were never written).
    assert as_agent.post(f"{url}/replies", json={"body": "Looking into it."}).status_code == 201
    assert as_agent.post(f"{url}/replies", json={"body": NOTE, "internal": True}).status_code == 201
    assert as_agent.patch(url, json={"status": "pending"}).status_code == 200
    staff_view = as_agent.get(f"{url}/replies").json()
    assert staff_view["total"] == 2 and NOTE in [r["body"] for r in staff_view["items"]]

    answers = [
        as_customer.get("/me"),
        as_customer.get("/tickets"),
        as_customer.get("/tickets", params={"status": "pending"}),
        as_customer.get(url),
        as_customer.get(f"{url}/replies"),
        as_customer.get(f"{url}/replies", params={"page": 2, "per_page": 1}),
        as_customer.post(f"{url}/replies", json={"body": "Thanks!"}),
        as_customer.get(f"{url}/replies", params={"per_page": 100}),
        as_customer.post(f"{url}/replies", json={"body": "psst", "internal": True}),
        as_customer.patch(url, json={"status": "closed"}),
    ]
    for answer in answers:
        assert answer.status_code < 500
        assert NOTE not in answer.text
        assert "INTERNAL-7f3a" not in answer.text
    customer_view = as_customer.get(f"{url}/replies").json()
    assert customer_view["total"] == 2
    assert [r["body"] for r in customer_view["items"]] == ["Looking into it.", "Thanks!"]
    assert all(r["internal"] is False for r in customer_view["items"])
