"""Files on an existing ticket, in Chromium: with a reply, on the ticket itself, refused ones, and a
client that skips the browser's checks and posts an oversized file to Reflex's /_upload itself."""

import hashlib
import re
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from helpdesk_app.config import Settings
from helpdesk_app.services.attachments.messages import too_large_message
from tests.browser.test_attachments import drop, pattern_bytes
from tests.browser.test_ticket_flow import sign_in

pytestmark = pytest.mark.browser

# The card with the ticket's own files and, inside it, its drop zone.
TICKET_FILES = "#ticket-files"
TICKET_ZONE = "#ticket-files-zone"
REPLY_ZONE = "div.drop-zone#reply-files"

LOG = ("printer-log.txt", "Printer log\n", 70_000, "text/plain")
SCAN = ("scan.pdf", "%PDF-1.4\n", 300_000, "application/pdf")
# The name says PDF; the content is a Windows program. Only the server can tell.
FAKE_PDF = ("invoice.pdf", "MZ\x90\x00" + "\x00" * 60 + "PE\x00\x00", 4096, "application/pdf")

# The server's per-file limit, from the same settings (environment, .env) the test server reads.
MAX_FILE_BYTES = Settings().max_file_mb * 1024 * 1024

# What a client of its own might do: post one file to Reflex's upload route with the headers Reflex's
# frontend sends (the tab's state token, the handler's full name), none of the drop zone's checks.
POST_UPLOAD_SCRIPT = """async ([handler, name, head, size]) => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) bytes[i] = i % 251;
  bytes.set(new TextEncoder().encode(head));
  const form = new FormData();
  form.append("files", new File([bytes], name, {type: "application/pdf"}));
  const response = await fetch("/_upload", {
    method: "POST",
    body: form,
    headers: {"Reflex-Client-Token": window.sessionStorage.getItem("token"), "Reflex-Event-Handler": handler},
  });
  return {status: response.status, body: await response.text()};
}"""


def open_ticket(page: Page, subject: str) -> int:
    """Open a ticket through the new-ticket form; the page is left on it. Returns its id."""
    page.goto("/tickets/new")
    page.fill("#ticket-subject", subject)
    page.fill("#ticket-description", "Details follow in the replies.")
    page.click("#ticket-submit")
    expect(page.locator("#ticket-subject-heading")).to_have_text(subject)
    return int(re.search(r"/tickets/(\d+)", page.url).group(1))


def api(page: Page, path: str) -> dict:
    """GET from the REST API as the page's signed-in user (its session cookie)."""
    response = page.request.get(f"/api/v1{path}")
    assert response.ok, f"{path}: {response.status} {response.text()}"
    return response.json()


def download(page: Page, link) -> tuple[str, bytes]:
    with page.expect_download() as info:
        link.click()
    return info.value.suggested_filename, Path(info.value.path()).read_bytes()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def blob_files(app_server) -> set[Path]:
    """Every file in the server's local blob storage: stored, staged and half-written ones alike."""
    root = Path(app_server["env"]["HELPDESK_DATA_DIR"]) / "attachments"
    return {p for p in root.rglob("*") if p.is_file()}


def test_a_reply_keeps_its_file_and_serves_the_same_bytes(new_page, create_user):
    email, password = create_user("uploads.reply@example.com", "Rhea Reply", "customer")
    page = new_page()
    sign_in(page, email, password)
    ticket_id = open_ticket(page, "Printer prints blank pages")

    page.fill("#reply-body", "Here is the printer's log.")
    drop(page, REPLY_ZONE, LOG)
    expect(page.locator(".chosen-file")).to_have_count(1)
    expect(page.locator(".chosen-file")).to_contain_text("printer-log.txt")
    page.click("#reply-submit")

    reply = page.locator("#thread .thread-reply")
    expect(reply).to_have_count(1)
    expect(reply.locator(".thread-body")).to_have_text("Here is the printer's log.")
    expect(reply.locator(".attachment")).to_have_count(1)
    expect(reply.locator(".attachment")).to_contain_text("68.4 KB")
    expect(page.locator(f"{TICKET_FILES} .attachment")).to_have_count(0)  # the reply's file, not the ticket's
    expect(page.locator("#reply-body")).to_have_value("")
    expect(page.locator(".chosen-file")).to_have_count(0)
    expect(page.locator(".file-error")).to_have_count(0)

    name, data = download(page, reply.locator(".attachment-link"))
    assert name == "printer-log.txt"
    assert sha256(data) == sha256(pattern_bytes(*LOG[1:]))

    # The API agrees: one file, on that reply.
    replies = api(page, f"/tickets/{ticket_id}/replies")["items"]
    files = api(page, f"/tickets/{ticket_id}/attachments")["items"]
    assert [r["body"] for r in replies] == ["Here is the printer's log."]
    assert [(f["filename"], f["reply_id"], f["size"]) for f in files] == [("printer-log.txt", replies[0]["id"],
                                                                           LOG[2])]


def test_a_file_dropped_on_the_ticket_is_stored_at_once(new_page, create_user):
    email, password = create_user("uploads.ticket@example.com", "Tess Ticket", "customer")
    page = new_page()
    sign_in(page, email, password)
    ticket_id = open_ticket(page, "Scanner skips pages")
    expect(page.locator(TICKET_FILES)).to_contain_text("No files on this ticket yet.")

    drop(page, TICKET_ZONE, SCAN)  # no button to press: the drop is the upload

    files = page.locator(f"{TICKET_FILES} .attachment")
    expect(files).to_have_count(1)
    expect(files).to_contain_text("scan.pdf")
    expect(files).to_contain_text("293 KB")
    expect(page.locator("#thread .thread-reply")).to_have_count(0)  # no reply came with it
    expect(page.locator(".file-error")).to_have_count(0)

    name, data = download(page, files.locator(".attachment-link"))
    assert name == "scan.pdf"
    assert sha256(data) == sha256(pattern_bytes(*SCAN[1:]))
    stored = api(page, f"/tickets/{ticket_id}/attachments")["items"]
    assert [(f["filename"], f["reply_id"], f["sha256"]) for f in stored] == [("scan.pdf", None, sha256(data))]


def test_a_reply_whose_file_is_refused_is_not_added(new_page, create_user, app_server):
    email, password = create_user("uploads.refused@example.com", "Rex Refused", "customer")
    page = new_page()
    sign_in(page, email, password)
    ticket_id = open_ticket(page, "Invoice looks wrong")

    text = "The invoice is attached."
    page.fill("#reply-body", text)
    drop(page, REPLY_ZONE, FAKE_PDF)
    expect(page.locator(".chosen-file")).to_contain_text("invoice.pdf")  # the browser cannot tell
    on_disk = blob_files(app_server)
    page.click("#reply-submit")

    errors = page.locator(".file-error")
    expect(errors.first).to_contain_text("invoice.pdf: the content is a Windows executable")
    expect(errors.last).to_have_text("No file was attached; fix the above and try again.")
    expect(page.locator("#reply-body")).to_have_value(text)  # kept, to try again with another file
    expect(page.locator("#thread")).not_to_contain_text(text)

    # Nothing of it was kept: not after a reload, not in the API, not on disk.
    page.reload()
    expect(page.locator("#ticket-subject-heading")).to_have_text("Invoice looks wrong")
    expect(page.locator("#thread")).not_to_contain_text(text)
    expect(page.locator(".attachment")).to_have_count(0)
    assert api(page, f"/tickets/{ticket_id}/replies")["items"] == []
    assert api(page, f"/tickets/{ticket_id}/attachments")["items"] == []
    assert blob_files(app_server) == on_disk


def test_upload_route_refuses_an_oversized_file_from_a_client_that_skips_the_browser_checks(
        new_page, create_user, app_server):
    email, password = create_user("uploads.oversized@example.com", "Olga Oversized", "customer")
    page = new_page()
    sign_in(page, email, password)
    ticket_id = open_ticket(page, "Huge scan")

    # A real drop on the ticket's zone shows what Reflex's own client sends to /_upload.
    with page.expect_request(lambda r: r.method == "POST" and r.url.endswith("/_upload")) as sent:
        drop(page, TICKET_ZONE, SCAN)
    handler = sent.value.header_value("reflex-event-handler")
    assert handler and handler.endswith(".attach"), handler
    assert sent.value.header_value("reflex-client-token") == page.evaluate("window.sessionStorage.getItem('token')")
    files = page.locator(f"{TICKET_FILES} .attachment")
    expect(files).to_have_count(1)
    on_disk = blob_files(app_server)

    # One byte over the per-file limit. The request as a whole is well under the upload guard's limit
    # (a ticket's total), so only the handler, counting the bytes as they stream in, can refuse it.
    answer = page.evaluate(POST_UPLOAD_SCRIPT, [handler, "huge.pdf", SCAN[1], MAX_FILE_BYTES + 1])

    expect(page.locator(".file-error").first).to_have_text(too_large_message("huge.pdf", MAX_FILE_BYTES),
                                                           timeout=15_000)
    assert answer["status"] < 500, answer  # Reflex answers 202 once it has read the body (400 if cut short)
    expect(files).to_have_count(1)
    expect(files).to_contain_text("scan.pdf")
    stored = api(page, f"/tickets/{ticket_id}/attachments")["items"]
    assert [f["filename"] for f in stored] == ["scan.pdf"]
    assert blob_files(app_server) == on_disk  # no bytes of huge.pdf left behind, not even a temporary file


# A real photo-sized PNG, drawn in the page (a gradient and text), dropped like a file.
DROP_DRAWN_PNG = """async (selector) => {
  const canvas = document.createElement("canvas");
  canvas.width = 1600; canvas.height = 1000;
  const g = canvas.getContext("2d");
  const gradient = g.createLinearGradient(0, 0, 1600, 1000);
  gradient.addColorStop(0, "#3b82f6"); gradient.addColorStop(1, "#f97316");
  g.fillStyle = gradient; g.fillRect(0, 0, 1600, 1000);
  g.fillStyle = "#fff"; g.font = "bold 200px sans-serif"; g.fillText("ERR 42", 300, 600);
  const blob = await new Promise((resolve) => canvas.toBlob(resolve, "image/png"));
  const transfer = new DataTransfer();
  transfer.items.add(new File([blob], "error.png", {type: "image/png"}));
  const zone = document.querySelector(selector);
  for (const type of ["dragenter", "dragover", "drop"]) {
    zone.dispatchEvent(new DragEvent(type, {bubbles: true, cancelable: true, dataTransfer: transfer}));
  }
}"""


def test_an_image_is_listed_with_a_small_thumbnail_and_previewed_whole(new_page, create_user):
    email, password = create_user("thumbs.customer@example.com", "Tilda Thumbs", "customer")
    page = new_page()
    sign_in(page, email, password)
    open_ticket(page, "Screenshot of the error")
    page.evaluate(DROP_DRAWN_PNG, TICKET_ZONE)
    expect(page.locator(f"{TICKET_FILES} .attachment")).to_have_count(1)
    thumb = page.locator(f"{TICKET_FILES} img.attachment-thumb")
    expect(thumb).to_have_attribute("src", re.compile(r"/api/v1/attachments/\d+/thumbnail$"))
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=thumb.element_handle())
    # 1600 x 1000 drawn; the browser received the 160 x 100 preview, not the image itself.
    assert thumb.evaluate("(img) => [img.naturalWidth, img.naturalHeight]") == [160, 100]

    # Its preview shows the whole image, served inline by the download URL (an <img> would show it
    # even as an attachment: the headers say it is one to show).
    with page.expect_response(re.compile(r"/download\?inline=1$")) as shown:
        page.get_by_label("Preview error.png").click()
    headers = shown.value.headers
    assert (headers["content-type"], headers["content-disposition"].split(";")[0]) == ("image/png", "inline")
    full = page.get_by_role("dialog").locator("img")
    expect(full).to_have_attribute("src", re.compile(r"/api/v1/attachments/\d+/download\?inline=1$"))
    page.wait_for_function("(img) => img.complete && img.naturalWidth > 0", arg=full.element_handle())
    assert full.evaluate("(img) => [img.naturalWidth, img.naturalHeight]") == [1600, 1000]
