"""A customer and an agent work one ticket through, in Chromium, as people would."""

import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

NOTE = "Internal: customer is on the legacy plan, check billing first"
REPLY = "Thanks! Your export works again, please try once more."


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.press("#login-password", "Enter")  # the form works from the keyboard
    expect(page.locator("#signed-in-user")).to_be_visible()


def pick(page: Page, trigger: str, option: str) -> None:
    page.click(trigger)
    page.get_by_role("option", name=option, exact=True).click()


def check(page: Page, trigger: str, choice: str) -> None:
    """Tick one choice of a filter that takes several (status, priority, assignee), then close it."""
    page.click(trigger)
    page.locator(f"{trigger}-choices").get_by_role("checkbox", name=choice, exact=True).click()
    page.keyboard.press("Escape")


def test_it_takes_a_ticket_from_sign_up_to_reopened(new_page, create_user):
    agent_email, agent_password = create_user("agent.flow@example.com", "Alex Agent", "agent")

    # A customer signs up and opens a ticket.
    customer = new_page()
    frames: list[str] = []
    customer.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    customer.goto("/signup")
    customer.fill("#signup-name", "Carla Customer")
    customer.fill("#signup-email", "carla.flow@example.com")
    customer.fill("#signup-password", "short")
    customer.click("text=Create account")
    expect(customer.locator("#signup-password-error")).to_contain_text("at least 8 characters")
    customer.fill("#signup-password", "a-long-enough-password")
    customer.click("text=Create account")
    expect(customer.locator("#tickets-empty")).to_be_visible()
    customer.click("text=Open a ticket")
    customer.click("#ticket-submit")
    expect(customer.locator("#ticket-subject-error")).to_have_text("Enter a subject.")
    customer.fill("#ticket-subject", "Export to CSV fails")
    customer.fill("#ticket-description", "The export button spins forever.")
    customer.click("#ticket-submit")
    expect(customer.locator("#ticket-subject-heading")).to_have_text("Export to CSV fails")
    ticket_path = re.sub(r"^https?://[^/]+", "", customer.url).rstrip("/")

    # An agent finds it in the list, adds an internal note, replies and resolves it.
    agent = new_page()
    sign_in(agent, agent_email, agent_password)
    check(agent, "#filter-status", "New")
    expect(agent).to_have_url(re.compile(r"/tickets\?status=new$"))
    agent.reload()  # the filter lives in the address
    expect(agent.locator("#filter-status")).to_have_text("new")
    agent.get_by_role("link", name="Export to CSV fails").click()
    expect(agent.locator("#ticket-subject-heading")).to_have_text("Export to CSV fails")
    agent.click("#reply-internal")
    agent.fill("#reply-body", NOTE)
    agent.click("#reply-submit")
    expect(agent.locator(".thread-note")).to_contain_text(NOTE)
    agent.fill("#reply-body", REPLY)
    agent.click("#reply-submit")
    expect(agent.locator(".thread-reply")).to_contain_text(REPLY)
    pick(agent, "#control-status", "Resolved")
    expect(agent.locator("#ticket-meta .status-badge")).to_have_text("resolved")
    expect(agent.locator(".thread-event").last).to_contain_text("to resolved")

    # The customer sees the reply and the status, never the note.
    customer.goto(ticket_path)
    expect(customer.locator(".thread-reply")).to_contain_text(REPLY)
    expect(customer.locator("#ticket-meta .status-badge")).to_have_text("resolved")
    assert NOTE not in customer.content()
    assert customer.locator(".thread-note").count() == 0
    assert any(REPLY in f for f in frames), "websocket frames were not captured"
    assert not any(NOTE in f for f in frames), "the note reached the customer's websocket"

    # The customer's reply reopens it.
    customer.fill("#reply-body", "Still failing for me, sorry.")
    customer.click("#reply-submit")
    expect(customer.locator("#ticket-meta .status-badge")).to_have_text("open")
    assert customer.locator("#reply-internal").count() == 0

    # Another customer cannot open its URL, not even in the tab the agent signed out of.
    other_email, other_password = create_user("other.flow@example.com", "Olga Other", "customer")
    other = new_page()
    sign_in(other, other_email, other_password)
    other.goto(ticket_path)
    expect(other.locator("#not-found")).to_be_visible()
    assert "Export to CSV fails" not in other.content()

    agent.click("#sign-out")
    expect(agent).to_have_url(re.compile(r"/login"))
    after_sign_out: list[str] = []
    agent.on("websocket", lambda ws: ws.on("framereceived", lambda p: after_sign_out.append(str(p))))
    sign_in(agent, other_email, other_password)
    expect(agent.locator("#tickets-empty")).to_be_visible()
    assert after_sign_out and not any(NOTE in f or "Export to CSV" in f for f in after_sign_out)
