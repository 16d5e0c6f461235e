"""The agent's workspace in Chromium: a filter saved as a view shows its count in the left column;
a word from a reply is found with its snippet marked; three results are resolved in one action."""

import re

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import check, sign_in

pytestmark = pytest.mark.browser
WORD = "flamingo"


def _api(app_server, email: str, password: str) -> httpx.Client:
    api = f"{app_server['base']}/api/v1"
    token = httpx.post(f"{api}/auth/login", json={"email": email, "password": password}).json()["token"]
    return httpx.Client(base_url=api, headers={"Authorization": f"Bearer {token}"})


def test_an_agent_saves_a_view_searches_a_reply_and_resolves_three(new_page, create_user, app_server):
    agent_email, agent_password = create_user("agent.views@example.com", "Vera Views", "agent")
    customer_email, customer_password = create_user("cust.views@example.com", "Sid Searcher", "customer")
    as_customer, as_agent = _api(app_server, customer_email, customer_password), _api(app_server, agent_email,
                                                                                         agent_password)
    ids = []
    for n in range(3):
        ticket = as_customer.post("/tickets", json={"subject": f"Garden order {n}", "description": "Where is it?"})
        ids.append(ticket.json()["id"])
        # The agent's public reply opens the ticket and holds the word searched for below.
        reply = as_agent.post(f"/tickets/{ids[-1]}/replies", json={"body": f"The pink {WORD} ships Monday."})
        assert reply.status_code == 201, reply.text

    agent = new_page()
    sign_in(agent, agent_email, agent_password)
    expect(agent.locator("#views-list .view-item").first).to_contain_text("My open tickets")
    check(agent, "#filter-status", "Open")
    agent.fill("#filter-requester", "sid")
    agent.locator("#filter-requester").blur()
    expect(agent).to_have_url(re.compile(r"status=open&requester=sid"))
    expect(agent.locator(".ticket-row")).to_have_count(3)
    agent.click("#save-view")
    agent.fill("#view-name", "Sid's open orders")
    agent.click("#view-save")
    saved = agent.locator("#views-list .view-item", has_text="Sid's open orders")
    expect(saved.locator(".view-count")).to_have_text("3")
    expect(agent.locator("#list-heading")).to_have_text("Sid's open orders")
    expect(agent).to_have_url(re.compile(r"/tickets\?view=\d+&status=open&requester=sid"))

    # "/" puts the cursor in the header's search box; Enter shows the results.
    agent.locator("body").press("/")
    expect(agent.locator("#header-search")).to_be_focused()
    agent.keyboard.type(WORD)
    agent.keyboard.press("Enter")
    expect(agent).to_have_url(re.compile(rf"/search\?q={WORD}$"))
    results = agent.locator(".search-result")
    expect(results).to_have_count(3)
    expect(results.first.locator("mark.search-hit")).to_have_text(WORD)
    expect(results.first.locator(".hit-where")).to_have_text("Reply #1")

    for n in range(3):
        results.nth(n).locator(".row-select").click()
    expect(agent.locator("#bulk-count")).to_have_text("3 selected")
    agent.click("#bulk-status")
    agent.get_by_role("option", name="Resolved", exact=True).click()
    expect(agent.locator("#bulk-summary")).to_have_text("Set the status of 3 tickets.")
    assert [as_agent.get(f"/tickets/{i}").json()["status"] for i in ids] == ["resolved"] * 3
    # The view's count follows, within its poll.
    agent.goto("/tickets")
    expect(agent.locator("#views-list .view-item", has_text="Sid's open orders").locator(".view-count")
           ).to_have_text("0", timeout=10_000)
