"""The account's address on /preferences: verified or not, a change waiting for its link, the change form."""

import reflex as rx

from helpdesk_app.components.form_field import form_field
from helpdesk_app.state.account_address import AddressState as S
from helpdesk_app.state.login import post_form

PREFIX = "address"  # the form's element ids, which the posting script reads


def _field(name: str, **props) -> rx.Component:
    return rx.input(id=f"{PREFIX}-{name}", name=name, width="100%", **props)


def _change_form() -> rx.Component:
    return rx.form(
        rx.el.input(id=f"{PREFIX}-result", type="text", on_change=S.finished, tab_index=-1, aria_hidden="true",
                    style={"display": "none"}),
        rx.el.span(id=f"{PREFIX}-next", data_next=S.next_url, style={"display": "none"}),
        rx.flex(
            form_field("New address", _field("email", type="email", auto_complete="email"), S.email_error,
                       html_id=f"{PREFIX}-email"),
            form_field("Current password", _field("password", type="password", auto_complete="current-password"),
                       S.password_error, html_id=f"{PREFIX}-password"),
            rx.button("Change address", type="submit", loading=S.busy, id=f"{PREFIX}-submit", flex_shrink="0"),
            spacing="3", align="end", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
        ),
        on_submit=[S.start, post_form("/api/v1/me/email", PREFIX, ["email", "password"])],
        reset_on_submit=False, no_validate=True,
    )


def address_card() -> rx.Component:
    return rx.card(rx.vstack(
        rx.heading("Your address", size="4", as_="h2"),
        rx.flex(
            rx.text(S.address, weight="medium", id="own-address"),
            rx.cond(S.verified, rx.badge("Verified", color_scheme="green", variant="soft"),
                    rx.fragment(rx.badge("Not verified yet", color_scheme="amber"),
                                rx.button("Send the link again", variant="soft", size="1", id="resend-verification",
                                          on_click=S.resend))),
            spacing="2", align="center", wrap="wrap",
        ),
        rx.cond(S.changing_to != "",
                rx.text("Changing to ", rx.el.strong(S.changing_to), ": it takes effect when you open the link "
                        "mailed there.", size="2", color_scheme="gray", id="address-pending")),
        rx.cond(S.message != "", rx.callout(S.message, icon="mail", color_scheme="green", role="status",
                                            id="address-message")),
        rx.cond(S.form_error != "", rx.callout(S.form_error, color_scheme="red", role="alert", id="address-error")),
        _change_form(),
        spacing="3", width="100%",
    ), width="100%")
