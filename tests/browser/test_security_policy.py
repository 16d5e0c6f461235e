"""Every page loads and works under the Content-Security-Policy: not one violation, as the browser
reports them (securitypolicyviolation events and console errors)."""

import httpx
import pytest
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import sign_in
from tests.samples import make_pdf, make_png

pytestmark = pytest.mark.browser

WATCH = """
window.__csp = [];
document.addEventListener("securitypolicyviolation", (e) =>
  window.__csp.push(`${e.violatedDirective} blocked ${e.blockedURI || "inline"} at ${e.sourceFile}:${e.lineNumber}`));
"""


def _watched(new_page):
    page = new_page()
    page.context.add_init_script(WATCH)
    console: list[str] = []
    page.on("console", lambda m: console.append(m.text) if m.type == "error" else None)
    return page, console


def _check(page, console: list[str], path: str) -> None:
    violations = page.evaluate("window.__csp")
    policy_errors = [m for m in console if "Content Security Policy" in m or "Refused to" in m]
    assert (violations, policy_errors) == ([], []), path


def test_every_page_works_under_the_policy(new_page, create_user, app_server):
    email, password = create_user("admin.csp@example.com", "Cass Policy", "admin")
    api = f"{app_server['base']}/api/v1"
    token = httpx.post(f"{api}/auth/login", json={"email": email, "password": password}).json()["token"]
    ticket = httpx.post(f"{api}/tickets", headers={"Authorization": f"Bearer {token}"},
                        data={"subject": "Policy check", "description": "With a picture and a PDF."},
                        files=[("files", ("shot.png", make_png(), "image/png")),
                               ("files", ("guide.pdf", make_pdf(), "application/pdf"))]).json()

    page, console = _watched(new_page)
    for path, ready in (("/login", "#login-email"), ("/signup", "#signup-email"), ("/no-such-page", "body")):
        response = page.goto(path)
        assert "frame-ancestors 'none'" in response.headers["content-security-policy"], path
        expect(page.locator(ready)).to_be_visible()
        _check(page, console, path)

    sign_in(page, email, password)
    for path, ready in (("/tickets", page.get_by_role("link", name="Policy check")),
                        ("/tickets/new", page.locator("#ticket-subject")),
                        ("/admin/users", page.get_by_role("heading", name="Users")),
                        (f"/tickets/{ticket['id']}", page.locator("#ticket-subject-heading"))):
        page.goto(path)
        expect(ready).to_be_visible()
        page.wait_for_timeout(300)  # late scripts and styles
        _check(page, console, path)

    # The previews: an image, and a PDF in a frame of our own page.
    page.get_by_label("Preview shot.png").click()
    page.wait_for_function("() => [...document.querySelectorAll('[role=dialog] img')].some(i => i.naturalWidth)")
    page.keyboard.press("Escape")
    with page.expect_response(lambda r: "guide" not in r.url and r.url.endswith("?inline=1")) as pdf:
        page.get_by_label("Preview guide.pdf").click()
    assert pdf.value.status == 200
    expect(page.locator("[role=dialog] iframe")).to_be_visible()
    page.wait_for_timeout(500)
    _check(page, console, "previews")

    page.goto("/api/v1/docs")
    expect(page.locator(".swagger-ui .information-container")).to_be_visible(timeout=15_000)
    expect(page.locator("text=/tickets").first).to_be_visible()
    _check(page, console, "/api/v1/docs")


def test_no_other_site_may_frame_the_help_desk(new_page, app_server):
    """A page that frames ours gets an empty frame: the browser refuses it (frame-ancestors 'none')."""
    page = new_page()
    page.route("http://attacker.test/", lambda route: route.fulfill(
        content_type="text/html", body=f'<iframe id="f" src="{app_server["base"]}/login"></iframe>'))
    page.goto("http://attacker.test/")
    page.wait_for_timeout(1500)
    frame = page.frame_locator("#f")
    expect(frame.locator("#login-email")).to_have_count(0)


@pytest.mark.parametrize("target", ["//attacker.test/x", "/\\attacker.test/x", "https://attacker.test/x"])
def test_sign_in_never_sends_you_to_another_site(new_page, create_user, app_server, target):
    email, password = f"next{abs(hash(target)) % 10**8}.csp@example.com", "browser-test-pass"
    create_user(email, "Nia Next", "customer", password)
    page = new_page()
    page.goto(f"/login?next={target}")
    page.fill("#login-email", email)
    page.fill("#login-password", password)
    page.press("#login-password", "Enter")
    expect(page.locator("#signed-in-user")).to_be_visible()
    assert page.url.rstrip("/") == f"{app_server['base']}/tickets"
