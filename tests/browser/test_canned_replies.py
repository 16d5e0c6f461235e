"""Canned replies in Chromium: an admin writes a shared one with a live preview; an agent types ::,
picks it with the keyboard, sees the variables filled in, sends it; the customer reads the text."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import sign_in
from tests.browser.test_ticket_uploads import api, open_ticket

pytestmark = pytest.mark.browser
BODY = 'Hi {{ customer.first_name | default("there") }}, ticket #{{ ticket.number }} is in hand. -- {{ agent.name }}'


def test_an_agent_inserts_a_shared_canned_reply_with_the_keyboard(new_page, create_user):
    admin_email, admin_password = create_user("admin.canned@example.com", "Ada Admin", "admin")
    agent_email, agent_password = create_user("agent.canned@example.com", "Kim Keys", "agent")
    customer_email, customer_password = create_user("cust.canned@example.com", "Paula Printer", "customer")

    admin = new_page()
    sign_in(admin, admin_email, admin_password)
    admin.goto("/canned-replies")
    admin.click("#canned-new")
    admin.fill("#canned-title", "Acknowledge")
    admin.fill("#canned-body", "Hello {{ customer.nickname }}")
    admin.click("#canned-save")
    expect(admin.locator("#canned-body-error")).to_contain_text("Line 1: unknown variable 'customer.nickname'")
    admin.fill("#canned-body", BODY)
    expect(admin.locator("#canned-preview")).to_contain_text("Hi Jane, ticket #1234 is in hand. -- Ada Admin")
    admin.locator("#canned-scope").get_by_text("shared").click()
    admin.click("#canned-save")
    expect(admin.locator(".canned-row", has_text="Acknowledge")).to_contain_text("shared")

    customer = new_page()
    sign_in(customer, customer_email, customer_password)
    ticket_id = open_ticket(customer, "Printer jams")
    number = api(customer, f"/tickets/{ticket_id}")["number"]

    agent = new_page()
    sign_in(agent, agent_email, agent_password)
    agent.goto(f"/tickets/{ticket_id}")
    agent.locator("#reply-body").press_sequentially("Thanks. ::")
    expect(agent.locator("#canned-picker")).to_be_visible()
    agent.locator("#canned-picker-search").press_sequentially("ackn")
    expect(agent.locator(".canned-option")).to_have_count(1)
    expected = f"Hi Paula, ticket #{number} is in hand. -- Kim Keys"
    expect(agent.locator("#canned-picker-preview")).to_contain_text(expected)
    agent.locator("#canned-picker-search").press("Enter")
    expect(agent.locator("#canned-picker")).to_have_count(0)
    expect(agent.locator("#reply-body")).to_have_value(f"Thanks. {expected}")
    agent.click("#reply-submit")
    expect(agent.locator(".thread-reply")).to_contain_text(expected)

    # The shortcut opens it too; Escape closes it and leaves the text alone.
    agent.locator("#reply-body").press("Control+Shift+K")
    expect(agent.locator("#canned-picker")).to_be_visible()
    agent.locator("#canned-picker-search").press("Escape")
    expect(agent.locator("#canned-picker")).to_have_count(0)

    customer.goto(f"/tickets/{ticket_id}")
    expect(customer.locator(".thread-reply")).to_contain_text(expected)
    assert customer.locator("#canned-open").count() == 0
    admin.goto("/canned-replies")
    expect(admin.locator(".canned-row", has_text="Acknowledge")).to_contain_text(re.compile(r"used 1×"))
