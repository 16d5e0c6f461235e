"""GET/POST /users and PATCH /users/{id} over HTTP (admins only)."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Role, User, utcnow
from helpdesk_app.services.identity.passwords import verify_password
from tests.support import field_messages

USER_KEYS = {"id", "email", "name", "role", "is_active", "created_at", "email_verified"}


def test_an_admin_lists_users_with_paging(as_admin, agent, customer, other_customer):
    response = as_admin.get("/users")
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"items", "total", "page", "per_page"}
    assert (body["total"], body["page"], body["per_page"]) == (4, 1, 50)
    assert [u["name"] for u in body["items"]] == ["Ada Admin", "Alex Agent", "Carla Customer", "Chris Client"]
    assert all(set(u) == USER_KEYS for u in body["items"])
    assert "argon2" not in response.text and "password" not in response.text
    page = as_admin.get("/users", params={"page": 2, "per_page": 3}).json()
    assert [u["name"] for u in page["items"]] == ["Chris Client"] and page["total"] == 4


def test_an_admin_finds_who_is_unverified(as_admin, db, agent, customer):
    customer.email_verified_at = utcnow()
    db.add(customer)
    db.commit()
    unverified = as_admin.get("/users", params={"verified": "false"}).json()
    assert "Carla Customer" not in [u["name"] for u in unverified["items"]] and unverified["total"] == 2
    assert all(u["email_verified"] is False for u in unverified["items"])
    verified = as_admin.get("/users", params={"verified": "true"}).json()
    assert [u["name"] for u in verified["items"]] == ["Carla Customer"]
    assert list(field_messages(as_admin.get("/users", params={"verified": "maybe"}))) == ["query.verified"]


@pytest.mark.parametrize("params", [{"page": 0}, {"per_page": 0}, {"per_page": 1000}, {"page": 10**20}])
def test_bad_user_paging_is_422(as_admin, params):
    assert list(field_messages(as_admin.get("/users", params=params))) == ["query.page"]


@pytest.mark.parametrize("persona", ["as_agent", "as_customer"])
def test_only_admins_manage_users(request, persona, customer):
    client = request.getfixturevalue(persona)
    assert client.get("/users").status_code == 403
    assert client.post("/users", json={"email": "x@example.com", "name": "X", "password": "long enough",
                                       "role": "admin"}).status_code == 403
    assert client.patch(f"/users/{customer.id}", json={"role": "admin"}).status_code == 403


def test_an_admin_creates_a_user(as_admin, db):
    response = as_admin.post("/users", json={"email": "New.Agent@Example.com", "name": "Nico",
                                             "password": "long enough", "role": "agent"})
    assert response.status_code == 201, response.text
    body = response.json()
    assert set(body) == USER_KEYS
    assert (body["email"], body["role"], body["is_active"]) == ("new.agent@example.com", "agent", True)
    stored = db.exec(select(User).where(User.id == body["id"])).one()
    assert verify_password(stored.password_hash, "long enough")


def test_a_new_user_is_a_customer_unless_told(as_admin):
    response = as_admin.post("/users", json={"email": "c@example.com", "name": "C", "password": "long enough"})
    assert response.json()["role"] == "customer"


def test_creating_a_user_with_bad_input_is_422(as_admin):
    messages = field_messages(as_admin.post("/users", json={"email": "x", "name": " ", "password": "short"}))
    assert set(messages) == {"body.email", "body.name", "body.password"}
    messages = field_messages(as_admin.post("/users", json={"email": "x@example.com", "name": "X",
                                                            "password": "long enough", "role": "wizard"}))
    assert list(messages) == ["body.role"]
    assert list(field_messages(as_admin.post("/users", json={"name": "X", "password": "long enough"}))) == [
        "body.email"]


def test_creating_a_user_with_a_taken_email_is_409(as_admin, agent):
    response = as_admin.post("/users", json={"email": agent.email, "name": "Twin", "password": "long enough"})
    assert response.status_code == 409
    assert response.json()["detail"] == [
        {"loc": ["body", "email"], "msg": "An account with this email already exists.", "type": "value_error"}]


def test_an_admin_changes_a_role(as_admin, customer):
    response = as_admin.patch(f"/users/{customer.id}", json={"role": "agent"})
    assert response.status_code == 200
    assert response.json()["role"] == "agent" and set(response.json()) == USER_KEYS


def test_deactivating_a_user_signs_them_out_everywhere(as_admin, client_for, agent):
    as_deactivated = client_for(agent)
    assert as_deactivated.get("/me").status_code == 200
    response = as_admin.patch(f"/users/{agent.id}", json={"is_active": False})
    assert response.status_code == 200 and response.json()["is_active"] is False
    assert as_deactivated.get("/me").status_code == 401
    assert as_admin.patch(f"/users/{agent.id}", json={"is_active": True}).json()["is_active"] is True


def test_the_last_admin_cannot_be_demoted_or_deactivated(as_admin, admin, db):
    for change in ({"role": "agent"}, {"is_active": False}):
        messages = field_messages(as_admin.patch(f"/users/{admin.id}", json=change))
        assert messages == {"body.role": "The last active admin cannot be demoted or deactivated."}
    db.expire_all()
    stored = db.get(User, admin.id)
    assert (stored.role, stored.is_active) == (Role.admin, True)


def test_patching_users_with_bad_input(as_admin, customer):
    assert list(field_messages(as_admin.patch(f"/users/{customer.id}", json={"role": "wizard"}))) == ["body.role"]
    assert list(field_messages(as_admin.patch(f"/users/{customer.id}", json={"is_active": "perhaps"}))) == [
        "body.is_active"]
    assert list(field_messages(as_admin.patch("/users/abc", json={"role": "agent"}))) == ["path.user_id"]


def test_patching_a_missing_user_is_404(as_admin):
    response = as_admin.patch("/users/987654", json={"role": "agent"})
    assert response.status_code == 404
    assert response.json() == {"detail": "User not found."}
