"""/forgot-password, /reset-password and /verify-email: the pages account mail links to."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.form_field import form_field
from helpdesk_app.components.layout import centered_card
from helpdesk_app.pages.login import _bridge, _form_error, _input
from helpdesk_app.state.account_pages import ForgotPasswordState, ResetPasswordState, VerifyEmailState
from helpdesk_app.state.login import post_form


def forgot_password_page() -> rx.Component:
    s = ForgotPasswordState
    return centered_card(
        rx.heading("Forgot your password?", size="6", as_="h1"),
        rx.cond(
            s.sent != "",
            rx.callout(s.sent, icon="mail", color_scheme="green", role="status", id="forgot-sent"),
            rx.form(
                rx.vstack(
                    rx.text("Enter your account's address and we will mail you a link to set a new password.",
                            size="2", color_scheme="gray"),
                    form_field("Email", _input("forgot", "email", type="email", required=True, auto_focus=True),
                               html_id="forgot-email"),
                    rx.button("Send the link", type="submit", size="3", width="100%", id="forgot-submit"),
                    spacing="3",
                ),
                on_submit=s.ask, reset_on_submit=False,
            ),
        ),
        rx.link("Back to sign in", href=routes.LOGIN, size="2"),
    )


def reset_password_page() -> rx.Component:
    s = ResetPasswordState
    return centered_card(
        rx.heading("Choose a new password", size="6", as_="h1"),
        _form_error(s),
        _bridge("reset", s),
        rx.form(
            rx.vstack(
                rx.el.input(id="reset-token", type="hidden", value=s.token),
                form_field("New password", _input("reset", "password", type="password", required=True,
                                                  auto_complete="new-password", auto_focus=True),
                           s.password_error, html_id="reset-password", hint="At least 8 characters."),
                rx.button("Set the password", type="submit", size="3", width="100%", loading=s.busy,
                          id="reset-submit"),
                spacing="3",
            ),
            on_submit=[s.start, post_form("/api/v1/auth/reset-password", "reset", ["token", "password"])],
            reset_on_submit=False, no_validate=True,
        ),
        rx.link("Ask for a new link", href=routes.FORGOT_PASSWORD, size="2"),
    )


def verify_email_page() -> rx.Component:
    s = VerifyEmailState
    return centered_card(
        rx.heading("Confirm your address", size="6", as_="h1"),
        rx.cond(s.outcome == "", rx.spinner(),
                rx.cond(s.outcome == "ok",
                        rx.callout(rx.text("Thank you: ", rx.el.strong(s.address), " is confirmed."), icon="check",
                                   color_scheme="green", role="status", id="verify-outcome"),
                        rx.callout(s.outcome, icon="triangle-alert", color_scheme="red", role="alert",
                                   id="verify-outcome"))),
        rx.link("Go to your tickets", href=routes.TICKETS, size="2"),
    )
