"""/login and /signup."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.form_field import form_field
from helpdesk_app.components.layout import centered_card
from helpdesk_app.state.login import LoginState, SignupState, post_form


def _input(prefix: str, name: str, **props) -> rx.Component:
    return rx.input(id=f"{prefix}-{name}", name=name, size="3", width="100%", **props)


def _bridge(prefix: str, state) -> rx.Component:
    """Where the posting script leaves what the API answered (see state/login.py), and where it reads
    the page to go to after signing in."""
    return rx.fragment(
        rx.el.input(id=f"{prefix}-result", type="text", on_change=state.finished, tab_index=-1, aria_hidden="true",
                    style={"display": "none"}),
        rx.el.span(id=f"{prefix}-next", data_next=state.next_url, style={"display": "none"}),
    )


def _form_error(state) -> rx.Component:
    return rx.cond(
        state.form_error != "",
        rx.callout(state.form_error, icon="triangle-alert", color_scheme="red", role="alert", id="form-error"),
    )


def login_page() -> rx.Component:
    return centered_card(
        rx.heading("Sign in to Helpdesk", size="6", as_="h1"),
        rx.cond(LoginState.notice != "", rx.callout(LoginState.notice, icon="check", color_scheme="green",
                                                     role="status", id="login-notice")),
        _form_error(LoginState),
        _bridge("login", LoginState),
        rx.form(
            rx.vstack(
                form_field("Email", _input("login", "email", type="email", auto_complete="username", required=True,
                                           auto_focus=True), LoginState.email_error, html_id="login-email"),
                form_field("Password", _input("login", "password", type="password", auto_complete="current-password",
                                              required=True), LoginState.password_error, html_id="login-password"),
                rx.button("Sign in", type="submit", size="3", width="100%", loading=LoginState.busy),
                spacing="3",
            ),
            on_submit=[LoginState.start, post_form("/api/v1/auth/login", "login", ["email", "password"])],
            reset_on_submit=False,
            no_validate=True,  # our messages, next to the field, instead of the browser's
        ),
        rx.link("Forgot your password?", href=routes.FORGOT_PASSWORD, size="2", id="forgot-link"),
        rx.cond(LoginState.signup_enabled,
                rx.text("New here? ", rx.link("Create an account", href=routes.SIGNUP), size="2"),
                rx.text("Need an account? Ask your help desk team.", size="2", color_scheme="gray")),
    )


def signup_page() -> rx.Component:
    return rx.cond(SignupState.signup_enabled, _signup_form(), centered_card(
        rx.heading("Sign-up is turned off", size="6", as_="h1"),
        rx.text("Ask your help desk team for an account.", color_scheme="gray"),
        rx.link("Back to sign in", href=routes.LOGIN),
    ))


def _signup_form() -> rx.Component:
    return centered_card(
        rx.heading("Create your account", size="6", as_="h1"),
        rx.text("Customers can open tickets and follow their answers.", color_scheme="gray", size="2"),
        _form_error(SignupState),
        _bridge("signup", SignupState),
        rx.form(
            rx.vstack(
                form_field("Name", _input("signup", "name", auto_complete="name", required=True, auto_focus=True),
                           SignupState.name_error, html_id="signup-name"),
                form_field("Email", _input("signup", "email", type="email", auto_complete="email", required=True),
                           SignupState.email_error, html_id="signup-email"),
                form_field("Password", _input("signup", "password", type="password", auto_complete="new-password",
                                              required=True), SignupState.password_error,
                           html_id="signup-password", hint="At least 8 characters."),
                rx.button("Create account", type="submit", size="3", width="100%", loading=SignupState.busy),
                spacing="3",
            ),
            on_submit=[SignupState.start,
                       post_form("/api/v1/auth/signup", "signup", ["name", "email", "password"])],
            reset_on_submit=False,
            no_validate=True,  # our messages, next to the field, instead of the browser's
        ),
        rx.text("Already have an account? ", rx.link("Sign in", href=routes.LOGIN), size="2"),
    )
