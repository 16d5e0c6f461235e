"""The admin's users page, the new-ticket form, the sign-in form and the upload zones, as states."""

import json
from asyncio import run

import pytest

from helpdesk_app.state.admin_users import AdminUsersState
from helpdesk_app.state.display import ago, file_icon, stamp
from helpdesk_app.state.login import LoginState, SignupState, safe_next
from helpdesk_app.state.ticket_form import TicketFormState
from tests.state.conftest import redirect_target


def test_an_admin_lists_creates_and_changes_users(page_state, admin, agent):
    state = page_state(AdminUsersState, admin, "/admin/users")
    run(state.load())
    assert {r.email for r in state.rows} == {admin.email, agent.email} and not state.forbidden
    events = run(state.create({"name": "Nina", "email": "nina@example.com", "password": "nina-password"}))
    assert state.message == "Created Nina (agent)." and len(events) == 3  # the form's fields emptied
    nina = next(r for r in state.rows if r.email == "nina@example.com")
    run(state.change_role(nina.id, "admin"))
    run(state.set_active(nina.id, False))
    nina = next(r for r in state.rows if r.email == "nina@example.com")
    assert (nina.role, nina.is_active) == ("admin", False)
    assert run(state.create({"name": "", "email": "bad", "password": "x"})) is None
    assert set(state.errors) == {"email", "name", "password"}
    run(state.change_role(admin.id, "agent"))  # the last active admin
    assert state.errors == {"role": "The last active admin cannot be demoted or deactivated."}


def test_an_agent_is_kept_out_of_user_admin(page_state, agent):
    state = page_state(AdminUsersState, agent, "/admin/users")
    run(state.load())
    assert (state.forbidden, state.rows) == (True, [])


def test_the_new_ticket_form_offers_agents_the_customers(page_state, agent, customer):
    state = page_state(TicketFormState, agent, "/tickets/new")
    run(state.load())
    assert [o.label for o in state.customer_options] == [f"{customer.name} <{customer.email}>"]
    assert state.files_cleared_zone == "new-ticket-files"  # nothing left chosen from the last form
    mine = page_state(TicketFormState, customer, "/tickets/new")
    run(mine.load())
    assert mine.customer_options == []
    assert redirect_target(run(page_state(TicketFormState, None, "/tickets/new").load())) == \
        "/login?next=/tickets/new"


@pytest.mark.parametrize("target, expected", [
    (None, "/tickets"), ("/tickets/5", "/tickets/5"), ("//evil.test", "/tickets"), ("/\\evil.test", "/tickets"),
    ("https://evil.test/", "/tickets"), ("/login", "/tickets"),
])
def test_sign_in_continues_only_to_a_path_here(target, expected):
    assert safe_next(target) == expected


def test_the_sign_in_form_shows_what_the_api_answered(page_state):
    state = page_state(LoginState, None, "/login?next=/tickets/7")
    state.load()
    assert state.next_url == "/tickets/7"
    state.start()
    assert state.busy
    state.finished(json.dumps({"status": 422, "detail": [{"loc": ["body", "email"], "msg": "Enter your email."}]}))
    assert (state.busy, state.errors) == (False, {"email": "Enter your email."})
    state.finished(json.dumps({"status": 429, "detail": "Too many failed sign-in attempts."}))
    assert state.errors == {"form": "Too many failed sign-in attempts."}
    state.finished("not json")
    assert state.errors == {"form": "Could not sign in. Check your connection and try again."}
    signup = page_state(SignupState, None, "/signup")
    signup.finished(json.dumps({"status": 0, "detail": None}))
    assert signup.errors == {"form": "Could not create the account. Try again."}


def test_the_upload_zone_reports_refusals_progress_and_cancelling(page_state, customer):
    state = page_state(TicketFormState, customer, "/tickets/new")
    state.files_rejected([{"name": "big.pdf", "codes": ["file-too-large"]}, {"name": "x.exe",
                                                                            "codes": ["file-invalid-type"]},
                          {"name": "odd", "codes": []}], "zone")
    assert state.rejected[0].startswith("big.pdf is too large") and "not allowed" in state.rejected[1]
    assert state.rejected[2] == "odd: not accepted."
    state.upload_progress({"loaded": 10, "total": 100}, "zone")
    assert (state.uploading, state.upload_loaded, state.rejected) == (True, 10, [])
    state.upload_cancelled()
    assert (state.uploading, state.upload_errors) == (False, ["Upload cancelled; nothing was saved."])


def test_the_display_helpers():
    from datetime import UTC, datetime, timedelta
    now = datetime(2026, 12, 3, 12, 0, tzinfo=UTC)
    assert [ago(now - d, now) for d in (timedelta(seconds=5), timedelta(minutes=3), timedelta(hours=2),
                                         timedelta(days=4))] == ["just now", "3 min ago", "2 h ago", "4 d ago"]
    assert stamp(now) == "2026-12-03 12:00 UTC"
    assert [file_icon(t) for t in ("image/png", "application/zip", "text/csv", "application/pdf")] == [
        "file-image", "file-archive", "file-spreadsheet", "file-text"]
