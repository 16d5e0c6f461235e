"""One tab's handler held in the database does not hold up another tab: handlers run their
database work off the event loop (state/session.py: SessionState._signed_in)."""

import threading
import time

import httpx
import pytest
from playwright.sync_api import expect
from sqlalchemy import create_engine, text

from tests.browser.test_ticket_flow import check, pick, sign_in

pytestmark = pytest.mark.browser

# Records, in the page, when each websocket frame was sent and received (performance.now(), ms).
WS_LOG = """
(() => {
  const log = window.__wsLog = [];
  const send = WebSocket.prototype.send;
  WebSocket.prototype.send = function (data) {
    if (!this.__logged) {
      this.__logged = true;
      this.addEventListener("message", (e) => log.push(["recv", performance.now(), String(e.data).slice(0, 200)]));
    }
    log.push(["sent", performance.now(), String(data).slice(0, 200)]);
    return send.call(this, data);
  };
})();
"""
HOLD = 2.5  # seconds the database keeps the first tab's write waiting


def _hold_the_ticket(url: str, ticket_id: int, held: threading.Event) -> None:
    """Lock the ticket against writes for HOLD seconds: SQLite's write lock, PostgreSQL's row lock."""
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            if engine.dialect.name == "sqlite":
                conn.exec_driver_sql("BEGIN IMMEDIATE")
            else:
                conn.execute(text("SELECT id FROM tickets WHERE id = :id FOR UPDATE"), {"id": ticket_id})
            held.set()
            time.sleep(HOLD)
            conn.rollback()
    finally:
        engine.dispose()


ANSWER = """(event) => {
  const log = window.__wsLog, sent = log.filter(([kind, , data]) => kind === "sent" && data.includes(event)).pop();
  const answer = sent && log.find(([kind, t]) => kind === "recv" && t > sent[1]);
  return answer ? answer[1] - sent[1] : null;
}"""


def _answer_ms(page, event: str) -> float:
    """How long the server took to answer the last frame naming `event`, as the page saw it."""
    return page.wait_for_function(ANSWER, arg=event, timeout=15_000).json_value()


def test_a_tab_waiting_on_the_database_does_not_hold_up_another(new_page, create_user, app_server):
    email, password = create_user("agent.loop@example.com", "Lou Loop", "agent")
    api = f"{app_server['base']}/api/v1"
    token = httpx.post(f"{api}/auth/login", json={"email": email, "password": password}).json()["token"]
    ticket = httpx.post(f"{api}/tickets", headers={"Authorization": f"Bearer {token}"},
                        json={"subject": "Held in the database", "description": "Locked by the test."}).json()

    waiting, other = new_page(), new_page()
    other.context.add_init_script(WS_LOG)
    for page in (waiting, other):
        sign_in(page, email, password)
    waiting.goto(f"/tickets/{ticket['id']}")
    expect(waiting.locator("#ticket-subject-heading")).to_have_text("Held in the database")
    check(other, "#filter-status", "New")  # once, so the next change is a plain answer
    _answer_ms(other, "set_filter")

    held = threading.Event()
    locker = threading.Thread(target=_hold_the_ticket, args=(app_server["env"]["HELPDESK_DATABASE_URL"],
                                                              ticket["id"], held))
    locker.start()
    try:
        assert held.wait(10)
        started = time.monotonic()
        pick(waiting, "#control-status", "Pending")  # its handler's write now waits for the lock
        waiting.wait_for_timeout(300)
        check(other, "#filter-status", "Open")  # the other tab's event: a database read, answered at once
        answered = _answer_ms(other, "set_filter")
        print(f"answered in {answered:.1f} ms")
        assert answered < 200, f"the other tab waited {answered:.0f} ms"
        # The first tab's change went through once the lock was gone, not before.
        expect(waiting.locator("#ticket-meta .status-badge")).to_have_text("pending", timeout=15_000)
        assert time.monotonic() - started >= HOLD - 0.5
    finally:
        locker.join(timeout=15)
