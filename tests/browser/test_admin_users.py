"""An admin manages users in the browser; sign-out and deactivation end sessions."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import sign_in

pytestmark = pytest.mark.browser


def test_it_lets_an_admin_add_and_deactivate_a_user(new_page, create_user):
    admin_email, admin_password = create_user("admin.users@example.com", "Ada Admin", "admin")
    admin = new_page()
    sign_in(admin, admin_email, admin_password)
    admin.click("text=Users")
    expect(admin.get_by_role("heading", name="Users")).to_be_visible()

    admin.fill("#new-user-name", "Nina New")
    admin.fill("#new-user-email", "not-an-email")
    admin.fill("#new-user-password", "nina-password-1")
    admin.click("#new-user-submit")
    expect(admin.locator("#new-user-email-error")).to_contain_text("valid email")
    admin.fill("#new-user-email", "nina@example.com")
    admin.click("#new-user-submit")
    expect(admin.get_by_role("status")).to_contain_text("Created Nina New (agent)")
    expect(admin.locator("#new-user-password")).to_have_value("")  # ready for the next one

    nina = new_page()
    sign_in(nina, "nina@example.com", "nina-password-1")
    expect(nina.locator("#signed-in-user")).to_have_text("Nina New")

    row = admin.locator(".user-row", has_text="nina@example.com")
    row.get_by_role("button", name="Deactivate").click()
    admin.get_by_role("alertdialog").get_by_role("button", name="Deactivate").click()
    expect(row.get_by_text("Inactive")).to_be_visible()

    # Her open session ends at once, and she cannot sign in again.
    nina.reload()
    expect(nina).to_have_url(re.compile(r"/login"))
    nina.fill("#login-email", "nina@example.com")
    nina.fill("#login-password", "nina-password-1")
    nina.press("#login-password", "Enter")
    expect(nina.locator("#form-error")).to_contain_text("Wrong email or password")


def test_it_signs_out_and_keeps_customers_out_of_admin_pages(new_page, create_user):
    email, password = create_user("cust.admin@example.com", "Cass Customer", "customer")
    page = new_page()
    sign_in(page, email, password)
    expect(page.get_by_role("link", name="Users")).to_have_count(0)
    page.goto("/admin/users")
    expect(page.locator("#not-found")).to_be_visible()
    page.click("#sign-out")
    expect(page).to_have_url(re.compile(r"/login"))
    page.goto("/tickets")
    expect(page).to_have_url(re.compile(r"/login\?next=/tickets"))
