"""/canned-replies over HTTP: every endpoint, who may call it, and bad input."""

import pytest

from tests.support import field_messages


@pytest.fixture
def shared(as_admin):
    response = as_admin.post("/canned-replies", json={"title": "Welcome", "scope": "shared",
                                                      "body": 'Hi {{ customer.first_name | default("there") }}!'})
    assert response.status_code == 201, response.text
    return response.json()


def test_an_agent_lists_keeps_and_renders_canned_replies(as_agent, shared, make_ticket, customer):
    created = as_agent.post("/canned-replies", json={"title": "Sign-off", "body": "Cheers, {{ agent.first_name }}"})
    assert created.status_code == 201
    mine = created.json()
    assert set(mine) == {"id", "title", "body", "scope", "usage_count", "created_at", "updated_at"}
    assert mine["scope"] == "personal"
    listed = as_agent.get("/canned-replies").json()
    assert [c["title"] for c in listed["items"]] == ["Sign-off", "Welcome"] and listed["total"] == 2
    assert [c["title"] for c in as_agent.get("/canned-replies", params={"scope": "shared"}).json()["items"]] == [
        "Welcome"]
    assert as_agent.get("/canned-replies", params={"q": "CHEERS"}).json()["total"] == 1
    ticket = make_ticket(requester=customer)
    rendered = as_agent.post(f"/canned-replies/{shared['id']}/render", json={"ticket_id": ticket.id})
    assert rendered.json() == {"text": "Hi Carla!"}
    patched = as_agent.patch(f"/canned-replies/{mine['id']}", json={"title": "Bye"})
    assert patched.json()["title"] == "Bye" and patched.json()["body"] == mine["body"]
    assert as_agent.get(f"/canned-replies/{mine['id']}").json()["title"] == "Bye"
    assert as_agent.delete(f"/canned-replies/{mine['id']}").status_code == 204
    assert as_agent.get(f"/canned-replies/{mine['id']}").status_code == 404


def test_a_reply_counts_the_canned_replies_it_used(as_agent, shared, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    sent = as_agent.post(f"/tickets/{ticket.id}/replies",
                         json={"body": "Hi Carla!", "canned_reply_ids": [shared["id"]]})
    assert sent.status_code == 201
    assert as_agent.get(f"/canned-replies/{shared['id']}").json()["usage_count"] == 1


def test_agents_copy_shared_ones_but_do_not_edit_them(as_agent, shared):
    assert as_agent.patch(f"/canned-replies/{shared['id']}", json={"title": "Mine"}).status_code == 403
    assert as_agent.delete(f"/canned-replies/{shared['id']}").status_code == 403
    assert as_agent.post("/canned-replies", json={"title": "t", "body": "b", "scope": "shared"}).status_code == 403
    copy = as_agent.post(f"/canned-replies/{shared['id']}/copy")
    assert copy.status_code == 201 and copy.json()["scope"] == "personal" and copy.json()["body"] == shared["body"]


def test_another_agents_personal_ones_are_404(as_agent, client_for, make_user):
    colleague = client_for(make_user(role="agent")[0])
    theirs = colleague.post("/canned-replies", json={"title": "Secret", "body": "x"}).json()
    for response in (as_agent.get(f"/canned-replies/{theirs['id']}"),
                     as_agent.patch(f"/canned-replies/{theirs['id']}", json={"title": "y"}),
                     as_agent.delete(f"/canned-replies/{theirs['id']}"),
                     as_agent.post(f"/canned-replies/{theirs['id']}/copy"),
                     as_agent.post(f"/canned-replies/{theirs['id']}/render", json={"ticket_id": 1})):
        assert response.status_code == 404
    assert "Secret" not in as_agent.get("/canned-replies").text


def test_customers_get_404_for_all_of_them(as_customer, shared, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    for response in (
        as_customer.get("/canned-replies"), as_customer.post("/canned-replies", json={"title": "t", "body": "b"}),
        as_customer.get(f"/canned-replies/{shared['id']}"),
        as_customer.patch(f"/canned-replies/{shared['id']}", json={"title": "t"}),
        as_customer.delete(f"/canned-replies/{shared['id']}"), as_customer.post(f"/canned-replies/{shared['id']}/copy"),
        as_customer.post(f"/canned-replies/{shared['id']}/render", json={"ticket_id": ticket.id}),
    ):
        assert response.status_code == 404, response.request.url


def test_anonymous_is_401(anon):
    assert anon.get("/canned-replies").status_code == 401


@pytest.mark.parametrize(("body", "field", "words"), [
    ({"title": "", "body": "b"}, "body.title", "Enter a title"),
    ({"title": "t", "body": ""}, "body.body", "Enter the text"),
    ({"title": "t", "body": "x" * 20_001}, "body.body", "20000"),
    ({"title": "t", "body": "a\n{{ customer.age }}"}, "body.body", "Line 2: unknown variable 'customer.age'"),
    ({"title": "t", "body": "{{ ticket.__class__ }}"}, "body.body", "Line 1"),
    ({"title": "t", "body": "{% for x in y %}{% endfor %}"}, "body.body", "loops"),
])
def test_bad_canned_replies_are_422_naming_the_field(as_agent, body, field, words):
    response = as_agent.post("/canned-replies", json=body)
    assert words in field_messages(response)[field]
    assert as_agent.get("/canned-replies").json()["total"] == 0


def test_a_render_for_a_missing_ticket_is_404(as_agent, shared):
    assert as_agent.post(f"/canned-replies/{shared['id']}/render", json={"ticket_id": 99999}).status_code == 404


@pytest.mark.parametrize(("params", "field"), [({"scope": "everyone"}, "query.scope"), ({"q": "x" * 201}, "query.q")])
def test_bad_list_queries_are_422(as_agent, params, field):
    assert field in field_messages(as_agent.get("/canned-replies", params=params))


def test_a_reply_naming_an_impossible_canned_reply_is_422(as_agent, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    response = as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": "Hi", "canned_reply_ids": [0]})
    assert "body.canned_reply_ids.0" in field_messages(response)


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 101}])
def test_bad_canned_paging_is_422(as_agent, params):
    assert "query.page" in field_messages(as_agent.get("/canned-replies", params=params))
