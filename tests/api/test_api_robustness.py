"""Hostile or absurd input gets a 4xx answer, never a 500 (PostgreSQL is the stricter backend here:
32-bit INTEGER ids, no NUL characters in text, VARCHAR lengths enforced)."""

import pytest

from tests.support import field_messages

HUGE = 2**31  # one past the largest INTEGER id on PostgreSQL
GIANT = 10**22  # past any 64-bit integer


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer)


@pytest.mark.parametrize("ticket_id", [0, -1, HUGE, GIANT])
def test_an_impossible_ticket_id_is_404(as_agent, ticket_id):
    assert as_agent.get(f"/tickets/{ticket_id}").status_code == 404
    assert as_agent.patch(f"/tickets/{ticket_id}", json={"status": "open"}).status_code == 404
    assert as_agent.get(f"/tickets/{ticket_id}/replies").status_code == 404
    assert as_agent.post(f"/tickets/{ticket_id}/replies", json={"body": "hi"}).status_code == 404


@pytest.mark.parametrize("user_id", [0, HUGE, GIANT])
def test_an_impossible_user_id_is_404(as_admin, user_id):
    assert as_admin.patch(f"/users/{user_id}", json={"role": "agent"}).status_code == 404


@pytest.mark.parametrize("user_id", [0, HUGE, GIANT])
def test_an_impossible_assignee_or_requester_is_422(as_agent, ticket, user_id):
    assert field_messages(as_agent.patch(f"/tickets/{ticket.id}", json={"assignee_id": user_id})) == {
        "body.assignee_id": "Choose an active agent."}
    assert field_messages(as_agent.post("/tickets", json={"subject": "s", "description": "d",
                                                           "requester_id": user_id})) == {
        "body.requester_id": "Choose an active user."}


@pytest.mark.parametrize("params", [
    {"assignee_id": str(GIANT)},
    {"assignee_id": str(HUGE)},  # fits SQLite's 64-bit integers but not PostgreSQL's INTEGER
    {"assignee_id": "\u00b2"},  # a Unicode digit: str.isdigit() says yes, int() says no
    {"page": GIANT},
], ids=["giant-assignee", "huge-assignee", "unicode-digit-assignee", "giant-page"])
def test_an_impossible_list_filter_is_not_a_500(as_agent, params):
    response = as_agent.get("/tickets", params=params)
    assert response.status_code in (200, 422), response.text


@pytest.mark.parametrize("email", ["a" * 300 + "@example.com", "pat\x00@example.com"])
def test_an_impossible_login_email_is_just_a_failed_login(anon, email):
    response = anon.post("/auth/login", json={"email": email, "password": "whatever123"})
    assert response.status_code == 401


def test_nul_characters_are_refused_in_every_stored_text(anon, as_agent, ticket):
    assert set(field_messages(anon.post("/auth/signup", json={
        "email": "n\x00@example.com", "name": "N\x00", "password": "long enough"}))) == {"body.email", "body.name"}
    assert field_messages(as_agent.post("/tickets", json={"subject": "a\x00b", "description": "c\x00d"})) == {
        "body.subject": "Remove the NUL character.", "body.description": "Remove the NUL character."}
    assert field_messages(as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": "a\x00b"})) == {
        "body.body": "Remove the NUL character."}


def test_a_password_may_contain_any_character(as_admin, anon):
    # Only its hash is stored, so a NUL in a password is no problem.
    created = as_admin.post("/users", json={"email": "z@example.com", "name": "Z", "password": "long\x00enough"})
    assert created.status_code == 201
    assert anon.post("/auth/login", json={"email": "z@example.com", "password": "long\x00enough"}).status_code == 200
