"""POST /tickets/bulk over HTTP: by ids and by filter, the summary, refusals."""

from helpdesk_app.models import Ticket


def test_resolve_by_ids_then_tag_by_filter(as_agent, db, make_ticket, customer):
    tickets = [make_ticket(requester=customer, subject=f"T{i}", status="open") for i in range(3)]
    ids = [t.id for t in tickets]
    response = as_agent.post("/tickets/bulk", json={"ids": ids[:2], "change": {"status": "resolved"}})
    assert response.status_code == 200, response.text
    assert response.json() == {"matched": 2, "changed": 2}
    db.expire_all()
    assert [db.get(Ticket, i).status.value for i in ids] == ["resolved", "resolved", "open"]
    tagged = as_agent.post("/tickets/bulk", json={"filter": {"status": "open"}, "change": {"add_tags": ["vip"]}})
    assert tagged.json() == {"matched": 1, "changed": 1}
    assert [t["name"] for t in as_agent.get(f"/tickets/{ids[2]}/tags").json()] == ["vip"]


def test_refusals(as_agent, as_customer, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    assert as_customer.post("/tickets/bulk", json={"ids": [ticket.id], "change": {"status": "closed"}}
                            ).status_code == 403
    assert as_agent.post("/tickets/bulk", json={"ids": [ticket.id, 999_999], "change": {"status": "closed"}}
                         ).status_code == 404
    assert as_agent.post("/tickets/bulk", json={"ids": [ticket.id], "change": {}}).status_code == 422
    both = as_agent.post("/tickets/bulk", json={"ids": [ticket.id], "filter": {}, "change": {"status": "open"}})
    assert both.status_code == 422 and "either ids or filter" in both.text
