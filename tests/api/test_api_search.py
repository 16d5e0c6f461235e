"""GET /search over HTTP: results with snippets, filters beside the words, bad queries."""

from helpdesk_app.services.conversation import replies
from tests.support import field_messages


def test_search_finds_a_reply_with_its_highlighted_snippet(as_agent, as_customer, db, make_ticket, customer, agent):
    ticket = make_ticket(requester=customer, subject="Invoice is wrong", description="Charged twice.")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Refunded <b>both</b> charges.")
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Refund approved by finance.", internal=True)
    db.commit()
    response = as_agent.get("/search", params={"q": "refunded", "status": "open"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"items", "total", "capped", "page", "per_page"}
    hit, = body["items"]
    assert (hit["ticket"]["id"], hit["part"], hit["reply_number"], body["total"]) == (ticket.id, "reply", 1, 1)
    assert hit["snippet"] == "<mark>Refunded</mark> &lt;b&gt;both&lt;/b&gt; charges."
    # The customer's search never reaches the note.
    assert as_customer.get("/search", params={"q": "finance"}).json()["items"] == []
    assert as_agent.get("/search", params={"q": "finance"}).json()["items"][0]["part"] == "note"
    assert as_agent.get("/search", params={"q": "refund*", "status": "closed"}).json()["total"] == 0


def test_bad_queries_say_what_to_change(as_agent):
    assert list(field_messages(as_agent.get("/search", params={"q": "-"}))) == ["query.q"]
    assert list(field_messages(as_agent.get("/search", params={"q": "x", "sort": "subject"}))) == ["query.sort"]
    assert as_agent.get("/search").status_code == 422
    assert as_agent.get("/search", params={"q": 'NEAR( "broken'}).status_code == 200
