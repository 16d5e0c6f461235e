"""Account mail in Chromium: a customer changes their address on /preferences (a wrong password is
refused beside its field; the new address waits for its link); the link's mail fails, and an admin
finds it on /admin/outbox with the reason and sends it again."""

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from tests.browser.test_ticket_flow import sign_in

pytestmark = pytest.mark.browser


def test_an_address_change_waits_for_its_link_and_admins_retry_a_failed_mail(new_page, create_user, app_server):
    email, password = create_user("moving.customer@example.com", "Mo Ving", "customer")
    admin_email, admin_password = create_user("outbox.admin@example.com", "Otto Admin", "admin")
    customer = new_page()
    sign_in(customer, email, password)
    customer.goto("/preferences")
    expect(customer.locator("#own-address")).to_have_text(email)
    customer.fill("#address-email", "mo.new@example.com")
    customer.fill("#address-password", "not my password")
    customer.click("#address-submit")
    expect(customer.locator("#address-password-error")).to_have_text("That is not your current password.")
    customer.fill("#address-password", password)
    customer.click("#address-submit")
    expect(customer.locator("#address-message")).to_contain_text("A link is on its way to mo.new@example.com")
    expect(customer.locator("#address-pending")).to_contain_text("mo.new@example.com")
    expect(customer.locator("#own-address")).to_have_text(email)  # unchanged until the link is opened

    engine = sa.create_engine(app_server["env"]["HELPDESK_DATABASE_URL"])
    with engine.begin() as conn:  # what the worker records when the server refuses the address for good
        conn.execute(sa.text("UPDATE mails SET status = 'failed', attempts = 1, last_error = :why "
                             "WHERE to_address = 'mo.new@example.com'"), {"why": "permanent: 550 no such user"})
    engine.dispose()

    admin = new_page()
    sign_in(admin, admin_email, admin_password)
    admin.get_by_role("link", name="Outbox").click()
    failed = admin.locator(".failed-mails").filter(has_text="mo.new@example.com")
    expect(failed).to_contain_text("permanent: 550 no such user")
    expect(admin.locator("#mail-counts")).to_contain_text("failed: 1")
    failed.get_by_role("button", name="Retry").click()
    expect(admin.get_by_role("status")).to_contain_text("1 failed mail will be tried again.")
    expect(admin.locator(".failed-mails")).to_have_count(0)
    expect(admin.locator(".latest-mail").filter(has_text="mo.new@example.com")).to_contain_text("pending")
