"""Every attachment endpoint for every persona over HTTP: admin, agent and the requesting customer
may; another customer gets 404 (nothing to learn), anonymous 401. Internal notes' files never
reach a customer."""

import pytest
from sqlmodel import select

from helpdesk_app.models import TicketEvent
from tests.api.files import upload, uploaded
from tests.samples import make_pdf, make_png

PDF, PNG = make_pdf(), make_png()
# (method, path, expected status for someone who may)
ENDPOINTS = [
    ("POST", "/tickets/{ticket}/attachments", 201),
    ("POST", "/replies/{reply}/attachments", 201),
    ("GET", "/tickets/{ticket}/attachments", 200),
    ("GET", "/replies/{reply}/attachments", 200),
    ("GET", "/attachments/{attachment}", 200),
    ("GET", "/attachments/{attachment}/download", 200),
    ("HEAD", "/attachments/{attachment}/download", 200),
    ("DELETE", "/attachments/{attachment}", 204),
]
PERSONAS = {"admin": None, "agent": None, "customer": None, "other_customer": 404, "anonymous": 401}


@pytest.fixture
def thread(local_files, make_ticket, customer, as_customer):
    """The customer's ticket with a file, and the customer's reply with a file."""
    ticket = make_ticket(requester=customer, subject="Broken invoice")
    [on_ticket] = uploaded(as_customer, f"/tickets/{ticket.id}/attachments", ("invoice.pdf", PDF))
    reply = as_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "Screenshot attached."}).json()
    [on_reply] = uploaded(as_customer, f"/replies/{reply['id']}/attachments", ("screen.png", PNG))
    return {"ticket": ticket.id, "reply": reply["id"], "attachment": on_ticket["id"], "on_reply": on_reply["id"]}


def _call(client, method, path, thread):
    url = path.format(**thread)
    if method == "POST":
        return upload(client, url, ("new.pdf", PDF))
    return client.request(method, url)


@pytest.mark.parametrize("persona", list(PERSONAS))
@pytest.mark.parametrize(("method", "path", "success"), ENDPOINTS, ids=[f"{m} {p}" for m, p, _ in ENDPOINTS])
def test_the_matrix(request, anon, client_for, thread, persona, method, path, success):
    client = anon if persona == "anonymous" else client_for(request.getfixturevalue(persona))
    response = _call(client, method, path, thread)
    assert response.status_code == (PERSONAS[persona] or success), response.text
    if persona == "other_customer":
        assert "invoice" not in response.text and "screen" not in response.text


def test_lists_are_paginated(local_files, thread, as_agent):
    url = f"/tickets/{thread['ticket']}/attachments"
    uploaded(as_agent, url, ("a.pdf", PDF), ("b.pdf", PDF))
    body = as_agent.get(url, params={"page": 2, "per_page": 3}).json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"]) == (4, 2, 3)
    assert [i["filename"] for i in body["items"]] == ["b.pdf"]
    first = as_agent.get(url).json()
    assert (first["page"], first["per_page"]) == (1, 50)
    assert [i["filename"] for i in first["items"]] == ["invoice.pdf", "screen.png", "a.pdf", "b.pdf"]
    on_reply = as_agent.get(f"/replies/{thread['reply']}/attachments").json()
    assert ([i["filename"] for i in on_reply["items"]], on_reply["total"]) == (["screen.png"], 1)
    for params in ({"page": 0}, {"per_page": 101}, {"page": "x"}):
        assert as_agent.get(url, params=params).status_code == 422


def test_metadata_of_one_attachment(thread, as_customer, customer):
    body = as_customer.get(f"/attachments/{thread['on_reply']}").json()
    assert body["filename"] == "screen.png" and body["reply_id"] == thread["reply"]
    assert body["uploaded_by"] == {"id": customer.id, "name": "Carla Customer", "role": "customer"}
    assert body == as_customer.get(f"/replies/{thread['reply']}/attachments").json()["items"][0]


def test_a_delete_hides_it_from_all_but_admins(db, thread, as_customer, as_agent, as_admin, customer):
    one = f"/attachments/{thread['attachment']}"
    response = as_customer.delete(one)
    assert (response.status_code, response.content) == (204, b"")
    for client in (as_customer, as_agent):
        assert client.get(one).status_code == 404
        assert client.get(f"{one}/download").status_code == 404
        assert [i["filename"] for i in client.get(f"/tickets/{thread['ticket']}/attachments").json()["items"]] == [
            "screen.png"]
    seen = as_admin.get(one).json()
    assert seen["deleted_at"] is not None
    assert as_admin.get(f"{one}/download").content == PDF  # until the purge
    assert as_admin.delete(one).status_code == 404  # already deleted
    events = db.exec(select(TicketEvent).where(TicketEvent.field == "attachment")).all()
    assert [(e.ticket_id, e.actor_id, e.old_value) for e in events] == [(thread["ticket"], customer.id, "invoice.pdf")]


def test_customers_delete_only_their_own_uploads(thread, as_customer, as_agent):
    [theirs] = uploaded(as_agent, f"/tickets/{thread['ticket']}/attachments", ("guide.pdf", PDF))
    assert as_customer.delete(f"/attachments/{theirs['id']}").status_code == 403
    assert as_customer.get(f"/attachments/{theirs['id']}").status_code == 200
    assert as_customer.delete(f"/attachments/{thread['on_reply']}").status_code == 204


def test_files_on_internal_notes_never_reach_a_customer(thread, as_agent, as_customer, as_admin):
    note = as_agent.post(f"/tickets/{thread['ticket']}/replies",
                         json={"body": "Card declined twice.", "internal": True}).json()
    [secret] = uploaded(as_agent, f"/replies/{note['id']}/attachments", ("card-declined-log.txt", b"declined\n"))
    for client in (as_agent, as_admin):
        assert client.get(f"/attachments/{secret['id']}/download").content == b"declined\n"
        assert client.get(f"/tickets/{thread['ticket']}/attachments").json()["total"] == 3
    answers = [
        as_customer.get(f"/attachments/{secret['id']}"),
        as_customer.get(f"/attachments/{secret['id']}/download"),
        as_customer.head(f"/attachments/{secret['id']}/download"),
        as_customer.get(f"/replies/{note['id']}/attachments"),
        upload(as_customer, f"/replies/{note['id']}/attachments", ("x.pdf", PDF)),
        as_customer.delete(f"/attachments/{secret['id']}"),
    ]
    assert [a.status_code for a in answers] == [404] * 6
    listed = as_customer.get(f"/tickets/{thread['ticket']}/attachments")
    assert listed.json()["total"] == 2
    assert all("card-declined" not in a.text for a in [*answers, listed])


@pytest.mark.parametrize("path", ["/attachments/0", "/attachments/987654/download", "/attachments/99999999999999999999",
                                  "/replies/987654/attachments", "/tickets/987654/attachments"])
def test_missing_things_are_404(local_files, as_admin, path):
    assert as_admin.get(path).status_code == 404
