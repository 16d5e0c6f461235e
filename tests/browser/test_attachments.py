"""Attachments in Chromium: drop files on the new-ticket form, watch them upload, download them."""

import hashlib
import re

import pytest
from playwright.sync_api import Page, expect

from helpdesk_app.services.attachments.messages import type_not_allowed_message
from tests.browser.test_ticket_flow import sign_in

pytestmark = pytest.mark.browser

# Files made in the page from a byte pattern, so Python can compute the same bytes.
DROP_SCRIPT = """([selector, files]) => {
  const transfer = new DataTransfer();
  for (const f of files) {
    const head = new TextEncoder().encode(f.head);
    const bytes = new Uint8Array(f.size);
    bytes.set(head);
    for (let i = head.length; i < f.size; i++) bytes[i] = f.text ? 97 + (i % 26) : i % 251;
    transfer.items.add(new File([bytes], f.name, {type: f.type}));
  }
  const zone = document.querySelector(selector);
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: transfer}));
  }
}"""


def is_text(browser_type: str) -> bool:
    return browser_type.startswith("text/")


def pattern_bytes(head: str, size: int, browser_type: str) -> bytes:
    start = head.encode()
    fill = (lambda i: 97 + i % 26) if is_text(browser_type) else (lambda i: i % 251)
    return start + bytes(fill(i) for i in range(len(start), size))


def drop(page: Page, selector: str, *files: tuple[str, str, int, str]) -> None:
    """Drag files onto a drop zone: (name, first bytes, size, browser type) each."""
    page.evaluate(DROP_SCRIPT, [selector, [{"name": n, "head": h, "size": s, "type": t, "text": is_text(t)}
                                           for n, h, s, t in files]])


def slow_uploads(page: Page, bytes_per_second: int) -> None:
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", {"offline": False, "latency": 0, "downloadThroughput": -1,
                                                   "uploadThroughput": bytes_per_second})


PDF = ("manual.pdf", "%PDF-1.4\n", 3 * 1024 * 1024, "application/pdf")
NOTES = ("notes.txt", "Printer log\n", 40_000, "text/plain")


def test_it_uploads_dropped_files_with_progress_and_serves_the_same_bytes(new_page, create_user, app_server):
    customer_email, customer_password = create_user("files.customer@example.com", "Fiona Files", "customer")
    agent_email, agent_password = create_user("files.agent@example.com", "Arno Agent", "agent")
    customer = new_page()
    sign_in(customer, customer_email, customer_password)
    customer.goto("/tickets/new")
    customer.fill("#ticket-subject", "Printer manual attached")
    customer.fill("#ticket-description", "See the two files.")

    # Refused in the browser, before sending, in the server's words.
    drop(customer, "#new-ticket-files", ("setup.exe", "MZ", 1000, "application/x-msdownload"))
    expect(customer.locator(".file-error")).to_have_text(type_not_allowed_message("setup.exe"))

    drop(customer, "#new-ticket-files", PDF, NOTES)
    expect(customer.locator(".chosen-file")).to_have_count(2)
    expect(customer.locator(".chosen-file").first).to_contain_text("manual.pdf")
    expect(customer.locator(".chosen-file").nth(1)).to_contain_text("39.1 KB")
    slow_uploads(customer, 1_500_000)  # about two seconds, so the progress is there to see
    customer.click("#ticket-submit")
    bar = customer.locator(".file-progress").first
    expect(bar).to_be_visible()
    expect(customer.locator("#ticket-subject-heading")).to_have_text("Printer manual attached", timeout=30_000)
    files = customer.locator("#ticket-files .attachment")
    expect(files).to_have_count(2)
    expect(files.nth(0)).to_contain_text("manual.pdf")
    expect(files.nth(0)).to_contain_text("3 MB")
    expect(files.nth(1)).to_contain_text("notes.txt")
    ticket_path = re.sub(r"^https?://[^/]+", "", customer.url)

    # An agent downloads both and gets the very same bytes.
    agent = new_page()
    sign_in(agent, agent_email, agent_password)
    agent.goto(ticket_path)
    for (name, head, size, kind), index in ((PDF, 0), (NOTES, 1)):
        with agent.expect_download() as info:
            agent.locator("#ticket-files .attachment-link").nth(index).click()
        data = open(info.value.path(), "rb").read()
        assert info.value.suggested_filename == name
        assert hashlib.sha256(data).digest() == hashlib.sha256(pattern_bytes(head, size, kind)).digest()

    # Another customer gets a 404 for the download URL.
    other_email, other_password = create_user("files.other@example.com", "Otto Other", "customer")
    other = new_page()
    sign_in(other, other_email, other_password)
    url = agent.locator("#ticket-files .attachment-link").first.get_attribute("href")
    assert other.request.get(url).status == 404
    assert customer.request.get(url).status == 200


def test_it_shows_the_servers_refusal_and_keeps_nothing(new_page, create_user):
    email, password = create_user("files.refused@example.com", "Rita Refused", "customer")
    page = new_page()
    sign_in(page, email, password)
    page.goto("/tickets/new")
    page.fill("#ticket-subject", "Invoice attached")
    page.fill("#ticket-description", "Here it is.")
    # The name says PDF; the content is a Windows program. Only the server can tell.
    drop(page, "#new-ticket-files", ("invoice.pdf", "MZ\x90\x00" + "\x00" * 60 + "PE\x00\x00", 4096, "application/pdf"))
    page.click("#ticket-submit")
    expect(page.locator(".file-error").first).to_contain_text("invoice.pdf: the content is a Windows executable")
    expect(page).to_have_url(re.compile(r"/tickets/new/?$"))
    page.goto("/tickets")
    expect(page.locator("#tickets-empty")).to_be_visible()  # the ticket was not opened without its file


def test_it_cancels_an_upload(new_page, create_user):
    email, password = create_user("files.cancel@example.com", "Carl Cancel", "customer")
    page = new_page()
    sign_in(page, email, password)
    page.goto("/tickets/new")
    page.fill("#ticket-subject", "Big scan")
    page.fill("#ticket-description", "Uploading a scan.")
    drop(page, "#new-ticket-files", ("scan.pdf", "%PDF-1.4\n", 8 * 1024 * 1024, "application/pdf"))
    slow_uploads(page, 500_000)
    page.click("#ticket-submit")
    page.click(".cancel-upload")
    expect(page.locator(".file-error")).to_contain_text("Upload cancelled; nothing was saved.")
    page.goto("/tickets")
    expect(page.locator("#tickets-empty")).to_be_visible()
