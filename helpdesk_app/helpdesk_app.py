"""The Reflex app: pages, their load events, and the REST API on the same server."""

import logging

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.api import create_api, served
from helpdesk_app.pages.account import forgot_password_page, reset_password_page, verify_email_page
from helpdesk_app.pages.admin_outbox import admin_outbox_page
from helpdesk_app.pages.admin_tags import admin_tags_page
from helpdesk_app.pages.search import search_page
from helpdesk_app.pages.admin_users import admin_users_page
from helpdesk_app.pages.canned_replies import canned_replies_page
from helpdesk_app.pages.login import login_page, signup_page
from helpdesk_app.pages.not_found import not_found_page
from helpdesk_app.pages.notifications import notifications_page
from helpdesk_app.pages.preferences import preferences_page
from helpdesk_app.pages.ticket_detail import ticket_detail_page
from helpdesk_app.pages.ticket_new import ticket_new_page
from helpdesk_app.pages.tickets import tickets_page
from helpdesk_app.state.account_pages import ForgotPasswordState, ResetPasswordState, VerifyEmailState
from helpdesk_app.state.account_address import AddressState
from helpdesk_app.state.admin_outbox import AdminOutboxState
from helpdesk_app.state.admin_tags import AdminTagsState
from helpdesk_app.state.admin_users import AdminUsersState
from helpdesk_app.state.canned_page import CannedPageState
from helpdesk_app.state.login import LoginState, SignupState
from helpdesk_app.state.notice import SERVER_ERROR, NoticeState
from helpdesk_app.state.notifications_page import NotificationsPageState
from helpdesk_app.state.preferences_page import PreferencesState
from helpdesk_app.state.ticket_detail import TicketDetailState
from helpdesk_app.state.ticket_form import TicketFormState
from helpdesk_app.state.search_page import SearchState
from helpdesk_app.state.ticket_list import TicketListState
from helpdesk_app.state.ticket_views import ViewsState

logger = logging.getLogger("helpdesk_app")


def backend_error(exception: Exception):
    """Log the traceback for us; show the person a calm message, never the traceback."""
    logger.error("unhandled error in an event handler", exc_info=exception)
    return NoticeState.show_error(SERVER_ERROR)


app = rx.App(
    stylesheets=["/styles.css"],
    backend_exception_handler=backend_error,
    # The security headers and the upload guard wrap everything: the pages, /_upload and the API.
    api_transformer=[create_api(), served],
)
app.add_page(lambda: rx.fragment(), route="/", on_load=rx.redirect(routes.TICKETS, replace=True), title="Helpdesk")
app.add_page(login_page, route=routes.LOGIN, on_load=LoginState.load, title="Sign in · Helpdesk")
app.add_page(signup_page, route=routes.SIGNUP, on_load=SignupState.load, title="Sign up · Helpdesk")
app.add_page(tickets_page, route=routes.TICKETS, on_load=[TicketListState.load, ViewsState.load_views],
             title="Tickets · Helpdesk")
app.add_page(search_page, route=routes.SEARCH, on_load=SearchState.load, title="Search · Helpdesk")
app.add_page(ticket_new_page, route=routes.NEW_TICKET, on_load=TicketFormState.load, title="New ticket · Helpdesk")
app.add_page(ticket_detail_page, route=routes.TICKET, on_load=TicketDetailState.load, title="Ticket · Helpdesk")
app.add_page(admin_users_page, route=routes.ADMIN_USERS, on_load=AdminUsersState.load, title="Users · Helpdesk")
app.add_page(canned_replies_page, route=routes.CANNED_REPLIES, on_load=CannedPageState.load,
             title="Canned replies · Helpdesk")
app.add_page(admin_tags_page, route=routes.ADMIN_TAGS, on_load=AdminTagsState.load, title="Tags · Helpdesk")
app.add_page(admin_outbox_page, route=routes.ADMIN_OUTBOX, on_load=AdminOutboxState.load,
             title="Outbox · Helpdesk")
app.add_page(notifications_page, route=routes.NOTIFICATIONS, on_load=NotificationsPageState.load,
             title="Notifications · Helpdesk")
app.add_page(preferences_page, route=routes.PREFERENCES, on_load=[PreferencesState.load, AddressState.load],
             title="Preferences · Helpdesk")
app.add_page(forgot_password_page, route=routes.FORGOT_PASSWORD, on_load=ForgotPasswordState.load,
             title="Forgot password · Helpdesk")
app.add_page(reset_password_page, route=routes.RESET_PASSWORD, on_load=ResetPasswordState.load,
             title="New password · Helpdesk")
app.add_page(verify_email_page, route=routes.VERIFY_EMAIL, on_load=VerifyEmailState.load,
             title="Confirm your address · Helpdesk")
app.add_page(not_found_page, route="404", title="Not found · Helpdesk")
