"""Two app processes, one help desk (HELPDESK_REDIS_URL, as make run WORKERS=2 serves): an upload
handled by the process that does not hold the tab's websocket still reaches the tab.

When that happens, the process that stored the files hands the tab's update to the other one
through Redis (Reflex's "lost and found" channel of the process holding the socket): the test
listens on those channels, so it knows when an upload crossed, and checks the tab showed it.
"""

import threading

import pytest
import redis
from playwright.sync_api import expect

from tests.browser.test_attachments import drop
from tests.browser.test_ticket_flow import sign_in
from tests.browser.test_ticket_uploads import TICKET_FILES, TICKET_ZONE, open_ticket

pytestmark = pytest.mark.browser
TRIES = 16  # each on a new websocket: whether an upload lands on the other process is a coin toss


class _Crossings:
    """Counts the updates one app process handed to another through Redis."""

    def __init__(self, url: str):
        self.pubsub = redis.Redis.from_url(url).pubsub()
        self.pubsub.psubscribe("channel:token_manager_lost_and_found_*")
        self.count, self.stop = 0, threading.Event()
        self.thread = threading.Thread(target=self._listen, daemon=True)
        self.thread.start()

    def _listen(self) -> None:
        while not self.stop.is_set():
            message = self.pubsub.get_message(timeout=0.2)
            if message and message["type"] == "pmessage":
                self.count += 1

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.pubsub.close()


def test_an_upload_on_the_other_process_reaches_the_tab(new_page, create_user, app_server):
    if app_server["workers"] < 2:
        pytest.skip("the app runs as one process here; the PostgreSQL + Redis run of make test runs two")
    email, password = create_user("two.workers@example.com", "Wanda Workers", "customer")
    page = new_page()
    sign_in(page, email, password)
    open_ticket(page, "Two processes")
    crossings, crossed = _Crossings(app_server["env"]["HELPDESK_REDIS_URL"]), 0
    try:
        for attempt in range(TRIES):
            page.reload()
            expect(page.locator("#ticket-subject-heading")).to_be_visible()
            before = crossings.count
            with page.expect_response(lambda r: r.url.endswith("/_upload")):
                drop(page, TICKET_ZONE, (f"shot{attempt}.txt", "A screenshot, in words.\n", 2048, "text/plain"))
            # The tab shows the file whichever process stored it.
            expect(page.locator(f"{TICKET_FILES} .attachment", has_text=f"shot{attempt}.txt")).to_be_visible()
            crossed += crossings.count > before
            if crossed >= 2:
                break
    finally:
        crossings.close()
    print(f"{attempt + 1} uploads, {crossed} taken by the process without the tab's websocket")
    assert crossed >= 1, f"no upload was taken by the process without the tab's websocket in {TRIES} tries"
