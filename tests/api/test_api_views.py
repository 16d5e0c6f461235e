"""/views over HTTP: every endpoint, who may call it, and bad input."""

from tests.support import field_messages


def test_an_agent_saves_a_view_and_sees_its_count(as_agent, make_ticket, customer, agent):
    make_ticket(requester=customer, status="open", priority="urgent")
    make_ticket(requester=customer, status="open", priority="low")
    created = as_agent.post("/views", json={"name": "Urgent", "filter": {"priority": "urgent,high"}})
    assert created.status_code == 201, created.text
    view = created.json()
    assert set(view) == {"id", "name", "scope", "filter", "position", "is_default", "created_at", "updated_at"}
    assert (view["scope"], view["filter"], view["is_default"]) == ("personal", {"priority": "urgent,high"}, False)
    listed = as_agent.get("/views").json()["items"]
    assert [v["scope"] for v in listed] == ["builtin"] * 5 + ["personal"]
    counted = {c["id"]: c for c in as_agent.get("/views/counts").json()["items"]}
    assert counted[view["id"]] == {"id": view["id"], "count": 1, "capped": False}
    assert [c for c in counted] == [v["id"] for v in listed]
    assert as_agent.get(f"/views/{view['id']}").json()["name"] == "Urgent"


def test_patch_renames_refilters_and_sets_the_default(as_agent):
    view = as_agent.post("/views", json={"name": "Mine", "filter": {"status": "open"}}).json()
    patched = as_agent.patch(f"/views/{view['id']}", json={"name": "Open ones", "is_default": True,
                                                           "filter": {"unanswered": True}})
    assert patched.status_code == 200, patched.text
    assert (patched.json()["name"], patched.json()["filter"], patched.json()["is_default"]) == (
        "Open ones", {"unanswered": True}, True)
    assert as_agent.get(f"/views/{view['id']}").json()["is_default"] is True
    assert as_agent.patch(f"/views/{view['id']}", json={"name": None}).json()["name"] == "Open ones"
    assert as_agent.delete(f"/views/{view['id']}").status_code == 204
    assert as_agent.get(f"/views/{view['id']}").status_code == 404


def test_shared_views_are_for_admins_and_builtins_stay(as_agent, as_admin):
    assert as_agent.post("/views", json={"name": "All", "shared": True}).status_code == 403
    shared = as_admin.post("/views", json={"name": "All", "shared": True})
    assert shared.status_code == 201 and shared.json()["scope"] == "shared"
    assert as_agent.patch(f"/views/{shared.json()['id']}", json={"name": "Mine"}).status_code == 403
    builtin = as_admin.get("/views").json()["items"][0]
    refused = as_admin.delete(f"/views/{builtin['id']}")
    assert refused.status_code == 409 and "built-in" in refused.text


def test_customers_get_404(as_customer):
    assert as_customer.get("/views").status_code == 404
    assert as_customer.get("/views/counts").status_code == 404
    assert as_customer.post("/views", json={"name": "Mine"}).status_code == 404


def test_bad_views_name_the_field(as_agent):
    assert list(field_messages(as_agent.post("/views", json={"name": " "}))) == ["body.name"]
    assert list(field_messages(as_agent.post("/views", json={"name": "X", "filter": {"status": "done"}}))) == [
        "body.filter.status"]
    unknown = as_agent.post("/views", json={"name": "X", "filter": {"colour": "red"}})
    assert unknown.status_code == 422
    assert as_agent.get("/views/0").status_code == 404
