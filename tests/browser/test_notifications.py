"""Notifications in Chromium: an agent's public reply shows in the customer's open tab (the bell's
count and its entry) within seconds; an internal note never does. The agent watches from the panel."""

import pytest
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import sign_in
from tests.browser.test_ticket_uploads import open_ticket

pytestmark = pytest.mark.browser


def test_a_reply_rings_the_customers_bell_and_a_note_never_does(new_page, create_user):
    agent_email, agent_password = create_user("agent.bell@example.com", "Bea Bell", "agent")
    customer_email, customer_password = create_user("cust.bell@example.com", "Cal Bell", "customer")
    customer = new_page()
    sign_in(customer, customer_email, customer_password)
    ticket_id = open_ticket(customer, "Where is my order")
    customer.goto("/tickets")  # an open tab, on another page than the ticket's
    expect(customer.locator("#bell")).to_be_visible()
    expect(customer.locator("#bell-count")).to_have_count(0)

    agent = new_page()
    sign_in(agent, agent_email, agent_password)
    agent.goto(f"/tickets/{ticket_id}")
    agent.click("#watch-toggle")
    expect(agent.locator("#watcher-list")).to_contain_text("Bea Bell")
    expect(agent.locator("#watch-toggle")).to_have_text("Stop watching")
    agent.click("#reply-internal")
    agent.fill("#reply-body", "Warehouse says it shipped; checking the courier.")
    agent.click("#reply-submit")
    expect(agent.locator(".thread-note")).to_contain_text("checking the courier")
    customer.wait_for_timeout(3_000)  # longer than the bell takes to hear of a reply
    expect(customer.locator("#bell-count")).to_have_count(0)

    agent.fill("#reply-body", "It left our warehouse today.")
    agent.click("#reply-submit")
    expect(agent.locator(".thread-reply")).to_contain_text("left our warehouse")
    expect(customer.locator("#bell-count")).to_have_text("1", timeout=4_000)  # no reload: the tab hears it
    customer.click("#bell")
    entry = customer.locator("#bell-list .bell-item").first
    expect(entry).to_contain_text("Bea Bell replied")
    expect(entry).to_contain_text("Where is my order")
    expect(customer.locator("#bell-list")).not_to_contain_text("note")
    entry.click()
    expect(customer.locator("#ticket-subject-heading")).to_have_text("Where is my order")
    expect(customer.locator("#bell-count")).to_have_count(0)
    expect(customer.locator("#panel-watchers")).to_have_count(0)  # watchers are for agents
