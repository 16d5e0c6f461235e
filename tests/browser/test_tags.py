"""Tags in Chromium: an agent tags a ticket from the side panel, the list shows the chip and filters
by it, and the customer's page and websocket frames carry no tag."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import sign_in
from tests.browser.test_ticket_uploads import open_ticket

pytestmark = pytest.mark.browser
TAG = "Refund-Requested"


def test_an_agent_tags_a_ticket_and_finds_it_by_the_tag(new_page, create_user):
    agent_email, agent_password = create_user("agent.tags@example.com", "Tara Tagger", "agent")
    customer_email, customer_password = create_user("cust.tags@example.com", "Cody Customer", "customer")
    customer = new_page()
    sign_in(customer, customer_email, customer_password)
    open_ticket(customer, "Charged twice")
    ticket_path = re.sub(r"^https?://[^/]+", "", customer.url).rstrip("/")
    open_ticket(customer, "Another question")

    agent = new_page()
    sign_in(agent, agent_email, agent_password)
    agent.goto(ticket_path)
    panel = agent.locator(".ticket-panel")
    expect(panel.locator("#panel-requester-email")).to_have_text(customer_email)
    expect(panel.locator("#panel-requester-others")).to_contain_text("Another question")
    agent.fill("#tag-input", TAG)
    agent.press("#tag-input", "Enter")
    expect(panel.locator("#ticket-tags .tag-chip")).to_have_text(TAG)
    expect(agent.locator(".thread-event").last).to_contain_text(f"added the tag {TAG}")
    agent.fill("#tag-input", "a,b")
    agent.press("#tag-input", "Enter")
    expect(agent.locator("#tag-error")).to_contain_text("comma")

    # On the other ticket the tag is offered as one types, whatever the case.
    agent.goto("/tickets")
    agent.get_by_role("link", name="Another question").click()
    agent.locator("#tag-input").press_sequentially("refund")
    agent.locator("#tag-suggestions .tag-suggestion", has_text=TAG).click()
    expect(agent.locator("#ticket-tags .tag-chip")).to_have_text(TAG)

    agent.goto("/tickets")
    row = agent.locator(".ticket-row", has_text="Charged twice")
    expect(row.locator(".tag-chip")).to_have_text(TAG)
    agent.click("#filter-tags")
    agent.locator(".tag-filter-option", has_text=TAG).click()
    expect(agent).to_have_url(re.compile(r"/tickets\?tags=Refund-Requested$"))
    expect(agent.locator(".ticket-row")).to_have_count(2)
    agent.locator("#filter-tag-mode").click()
    agent.get_by_role("option", name="None of", exact=True).click()
    expect(agent).to_have_url(re.compile(r"/tickets\?not_tags=Refund-Requested$"))
    expect(agent.locator("#filter-tag-mode")).to_have_text("None of")
    expect(agent.locator(".ticket-row", has_text="Charged twice")).to_have_count(0)
    expect(agent.locator(".ticket-row", has_text="Another question")).to_have_count(0)

    # The customer's page and its websocket frames know nothing of it.
    frames: list[str] = []
    customer.on("websocket", lambda ws: ws.on("framereceived", lambda payload: frames.append(str(payload))))
    customer.goto(ticket_path)
    expect(customer.locator("#ticket-subject-heading")).to_have_text("Charged twice")
    expect(customer.locator("#panel-requester-name")).to_have_text("Cody Customer")
    assert customer.locator("#tag-input").count() == 0
    customer.goto("/tickets")
    expect(customer.locator(".ticket-row", has_text="Charged twice")).to_be_visible()
    assert frames, "websocket frames were not captured"
    assert not any("refund" in f.lower() for f in frames), "a tag reached the customer's websocket"
    assert "refund" not in customer.content().lower()
