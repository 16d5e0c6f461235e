"""/tags and /tickets/{id}/tags over HTTP: every endpoint, who may call it, and bad input."""

import pytest

from tests.support import field_messages


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer, subject="Card declined")


def _tag(client, name, **fields):
    response = client.post("/tags", json={"name": name, **fields})
    assert response.status_code == 201, response.text
    return response.json()


def test_an_agent_tags_a_ticket_and_reads_the_tags_back(as_agent, ticket):
    response = as_agent.post(f"/tickets/{ticket.id}/tags", json={"name": " Billing "})
    assert response.status_code == 200
    tag = response.json()
    assert set(tag) == {"id", "name", "color"} and tag["name"] == "Billing"
    assert as_agent.get(f"/tickets/{ticket.id}/tags").json() == [tag]
    assert as_agent.get(f"/tickets/{ticket.id}").json()["tags"] == [tag]
    listed = as_agent.get("/tickets", params={"tags": "billing"}).json()
    assert [t["id"] for t in listed["items"]] == [ticket.id] and listed["items"][0]["tags"] == [tag]
    assert as_agent.delete(f"/tickets/{ticket.id}/tags/{tag['id']}").status_code == 204
    assert as_agent.get(f"/tickets/{ticket.id}/tags").json() == []
    assert as_agent.delete(f"/tickets/{ticket.id}/tags/{tag['id']}").status_code == 404


def test_put_sets_the_whole_list(as_agent, ticket):
    assert [t["name"] for t in as_agent.put(f"/tickets/{ticket.id}/tags", json={"names": ["b", "a"]}).json()] == [
        "a", "b"]
    assert [t["name"] for t in as_agent.put(f"/tickets/{ticket.id}/tags", json={"names": ["A"]}).json()] == ["a"]
    assert as_agent.put(f"/tickets/{ticket.id}/tags", json={"names": []}).json() == []


def test_the_catalogue_with_counts_autocomplete_and_paging(as_admin, as_agent, ticket):
    _tag(as_admin, "Billing", color="blue", description="Money")
    _tag(as_admin, "Bug")
    as_agent.post(f"/tickets/{ticket.id}/tags", json={"name": "bug"})
    body = as_agent.get("/tags", params={"q": "b"}).json()
    assert [(t["name"], t["ticket_count"]) for t in body["items"]] == [("Bug", 1), ("Billing", 0)]
    assert body["total"] == 2 and body["items"][1]["description"] == "Money"
    assert as_agent.get("/tags", params={"q": "BIL", "per_page": 1}).json()["total"] == 1


def test_admins_edit_merge_and_delete(as_admin, as_agent, ticket):
    old, new = _tag(as_admin, "bill"), _tag(as_admin, "Billing")
    as_agent.post(f"/tickets/{ticket.id}/tags", json={"name": "bill"})
    patched = as_admin.patch(f"/tags/{new['id']}", json={"color": "green", "description": "Invoices"}).json()
    assert (patched["color"], patched["description"]) == ("green", "Invoices")
    kept = as_admin.patch(f"/tags/{new['id']}", json={"color": None, "name": None}).json()
    assert (kept["name"], kept["color"]) == ("Billing", "green")  # null leaves a field as it is
    merged = as_admin.post(f"/tags/{old['id']}/merge", json={"into_id": new["id"]})
    assert merged.status_code == 200 and merged.json()["ticket_count"] == 1
    assert as_admin.get(f"/tags/{old['id']}").status_code == 404
    assert [t["name"] for t in as_agent.get(f"/tickets/{ticket.id}/tags").json()] == ["Billing"]
    assert as_admin.delete(f"/tags/{new['id']}").status_code == 204
    assert as_agent.get(f"/tickets/{ticket.id}/tags").json() == []


def test_agents_may_not_edit_the_catalogue(as_admin, as_agent):
    tag = _tag(as_admin, "bug")
    assert as_agent.patch(f"/tags/{tag['id']}", json={"color": "red"}).status_code == 403
    assert as_agent.delete(f"/tags/{tag['id']}").status_code == 403
    assert as_agent.post(f"/tags/{tag['id']}/merge", json={"into_id": tag["id"]}).status_code == 403


def test_customers_are_answered_as_if_there_were_no_tags(as_admin, as_agent, as_customer, ticket):
    tag = _tag(as_admin, "angry")
    as_agent.post(f"/tickets/{ticket.id}/tags", json={"name": "angry"})
    for response in (
        as_customer.get("/tags"), as_customer.post("/tags", json={"name": "x"}), as_customer.get(f"/tags/{tag['id']}"),
        as_customer.patch(f"/tags/{tag['id']}", json={"color": "red"}), as_customer.delete(f"/tags/{tag['id']}"),
        as_customer.post(f"/tags/{tag['id']}/merge", json={"into_id": tag["id"]}),
        as_customer.get(f"/tickets/{ticket.id}/tags"),
        as_customer.post(f"/tickets/{ticket.id}/tags", json={"name": "x"}),
        as_customer.put(f"/tickets/{ticket.id}/tags", json={"names": []}),
        as_customer.delete(f"/tickets/{ticket.id}/tags/{tag['id']}"),
    ):
        assert response.status_code == 404, response.request.url
    own = as_customer.get(f"/tickets/{ticket.id}")
    assert own.json()["tags"] == [] and "angry" not in own.text
    assert "angry" not in as_customer.get("/tickets").text
    assert "angry" not in as_customer.get(f"/tickets/{ticket.id}/replies").text
    assert as_customer.get("/tickets", params={"tags": "angry"}).status_code == 422


def test_anonymous_is_401(anon, ticket):
    assert anon.get("/tags").status_code == 401
    assert anon.post(f"/tickets/{ticket.id}/tags", json={"name": "x"}).status_code == 401


@pytest.mark.parametrize(("body", "field"), [
    ({"name": ""}, "body.name"), ({"name": "   "}, "body.name"), ({"name": "x" * 51}, "body.name"),
    ({"name": "a,b"}, "body.name"), ({"name": "tab\tbell\x07"}, "body.name"),
    ({"name": "ok", "color": "chartreuse"}, "body.color"),
    ({"name": "ok", "description": "d" * 201}, "body.description"),
])
def test_bad_tags_are_422_naming_the_field_and_nothing_is_saved(as_admin, body, field):
    response = as_admin.post("/tags", json=body)
    assert response.status_code == 422 and field in field_messages(response)
    assert as_admin.get("/tags").json()["total"] == 0


def test_a_taken_name_is_409_and_merging_into_itself_422(as_admin):
    tag = _tag(as_admin, "Billing")
    assert as_admin.post("/tags", json={"name": "BILLING"}).status_code == 409
    response = as_admin.post(f"/tags/{tag['id']}/merge", json={"into_id": tag["id"]})
    assert response.status_code == 422 and "body.into_id" in field_messages(response)


def test_a_bad_name_on_a_ticket_is_422(as_agent, ticket):
    response = as_agent.put(f"/tickets/{ticket.id}/tags", json={"names": ["fine", "no,comma"]})
    assert response.status_code == 422 and "body.names.1" in field_messages(response)
    assert as_agent.get(f"/tickets/{ticket.id}/tags").json() == []


def test_with_agents_creating_off_a_new_name_is_403(as_admin, as_agent, ticket, settings_override):
    settings_override(tags_agents_create=False)
    _tag(as_admin, "known")
    assert as_agent.post(f"/tickets/{ticket.id}/tags", json={"name": "Known"}).status_code == 200
    assert as_agent.post(f"/tickets/{ticket.id}/tags", json={"name": "new one"}).status_code == 403
    assert as_agent.post("/tags", json={"name": "new one"}).status_code == 403


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 0}, {"per_page": 201}, {"page": 10**12}])
def test_bad_tag_paging_is_422(as_agent, params):
    assert "query.page" in field_messages(as_agent.get("/tags", params=params))


def test_a_nul_in_the_prefix_is_422(as_agent):
    assert "query.q" in field_messages(as_agent.get("/tags", params={"q": "a\x00"}))
