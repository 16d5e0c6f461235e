"""Watchers, notifications and preferences over HTTP."""

import pytest


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer, subject="Broken link")


def test_agents_manage_watchers_and_customers_get_404(client_for, agent, admin, customer, ticket):
    as_agent, as_customer = client_for(agent), client_for(customer)
    assert as_agent.put(f"/tickets/{ticket.id}/watchers/{admin.id}").json() == {"added": True}
    assert as_agent.put(f"/tickets/{ticket.id}/watchers/{admin.id}").json() == {"added": False}
    assert [w["name"] for w in as_agent.get(f"/tickets/{ticket.id}/watchers").json()] == [admin.name]
    for method in ("GET", "PUT", "DELETE"):
        path = f"/tickets/{ticket.id}/watchers" + ("" if method == "GET" else f"/{admin.id}")
        assert as_customer.request(method, path).status_code == 404
    assert as_agent.put(f"/tickets/{ticket.id}/watchers/{customer.id}").status_code == 422
    assert as_agent.delete(f"/tickets/{ticket.id}/watchers/{admin.id}").status_code == 204
    assert as_agent.delete(f"/tickets/{ticket.id}/watchers/{admin.id}").status_code == 404


def test_watched_by_me(client_for, agent, customer, ticket):
    as_agent = client_for(agent)
    as_agent.put(f"/tickets/{ticket.id}/watchers/{agent.id}")
    assert [t["id"] for t in as_agent.get("/tickets", params={"watched_by": "me"}).json()["items"]] == [ticket.id]
    assert client_for(customer).get("/tickets", params={"watched_by": "me"}).status_code == 422


def test_a_reply_reaches_the_requesters_notifications_and_a_note_never_does(client_for, agent, customer, ticket):
    as_agent, as_customer = client_for(agent), client_for(customer)
    as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": "Internal", "internal": True})
    assert as_customer.get("/notifications").json()["unread"] == 0
    as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": "Try again now"})
    listed = as_customer.get("/notifications", params={"unread": True}).json()
    assert listed["unread"] == 1 and listed["total"] == 1
    item = listed["items"][0]
    assert item["summary"] == f"{agent.name} replied" and item["ticket_number"] == ticket.number
    assert as_agent.post(f"/notifications/{item['id']}/read").status_code == 404  # not the agent's
    assert as_customer.post(f"/notifications/{item['id']}/read").status_code == 204
    assert as_customer.get("/notifications").json()["unread"] == 0
    assert as_customer.post("/notifications/read-all").json() == {"marked": 0}


def test_preferences_and_mute(client_for, agent, customer, ticket):
    as_agent, as_customer = client_for(agent), client_for(customer)
    prefs = as_agent.get("/preferences").json()
    assert prefs["channels"]["new_ticket"] == {"app": False, "email": False} and prefs["auto_watch"] is True
    changed = as_agent.patch("/preferences", json={"channels": {"reply": {"email": False}}, "auto_watch": False})
    assert changed.json()["channels"]["reply"] == {"app": True, "email": False}
    assert changed.json()["auto_watch"] is False
    assert as_customer.patch("/preferences", json={"channels": {"note": {"app": True}}}).status_code == 422
    assert as_customer.patch("/preferences", json={"auto_watch": True}).status_code == 422
    customer_prefs = as_customer.patch("/preferences", json={"channels": {"new_ticket": {"email": False}}}).json()
    assert customer_prefs["channels"]["new_ticket"]["email"] is True  # the receipt is always mailed
    assert as_customer.put(f"/tickets/{ticket.id}/mute").json() == {"muted": True}
    assert as_customer.get(f"/tickets/{ticket.id}/mute").json() == {"muted": True}
    as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": "Hello"})
    assert as_customer.get("/notifications").json()["total"] == 0
    assert as_customer.delete(f"/tickets/{ticket.id}/mute").json() == {"muted": False}
    assert client_for(customer).get("/tickets/999999/mute").status_code == 404
