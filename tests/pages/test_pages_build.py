"""Every page builds its component tree, for a customer's and an agent's eyes alike (the browser
tests then drive them): a component given a wrong argument fails here, in a second."""

import pytest

from helpdesk_app import routes


def test_the_app_registers_every_page():
    from helpdesk_app.helpdesk_app import app  # builds each page function once, as Reflex compiles them
    registered = set(app._unevaluated_pages)
    assert {routes.LOGIN.strip("/"), routes.SIGNUP.strip("/"), routes.TICKETS.strip("/"),
            routes.NEW_TICKET.strip("/"), routes.ADMIN_USERS.strip("/"), routes.CANNED_REPLIES.strip("/"),
            routes.ADMIN_TAGS.strip("/"), routes.NOTIFICATIONS.strip("/"),
            routes.PREFERENCES.strip("/"), routes.ADMIN_OUTBOX.strip("/")} <= {r.strip("/") for r in registered}


@pytest.mark.parametrize("page", ["login_page", "signup_page", "tickets_page", "ticket_new_page",
                                  "ticket_detail_page", "admin_users_page", "not_found_page",
                                  "canned_replies_page", "admin_tags_page", "notifications_page",
                                  "preferences_page", "forgot_password_page", "reset_password_page",
                                  "verify_email_page", "admin_outbox_page"])
def test_each_page_builds(page):
    import importlib
    modules = {"login_page": "login", "signup_page": "login", "tickets_page": "tickets",
               "ticket_new_page": "ticket_new", "ticket_detail_page": "ticket_detail",
               "admin_users_page": "admin_users", "not_found_page": "not_found",
               "canned_replies_page": "canned_replies", "admin_tags_page": "admin_tags",
               "notifications_page": "notifications", "preferences_page": "preferences",
               "forgot_password_page": "account", "reset_password_page": "account", "verify_email_page": "account",
               "admin_outbox_page": "admin_outbox"}
    module = importlib.import_module(f"helpdesk_app.pages.{modules[page]}")
    component = getattr(module, page)()
    assert component.render()  # the whole tree renders to its description, no error
