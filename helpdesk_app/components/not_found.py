"""The friendly not-found message, used by the 404 page and for hidden tickets."""

import reflex as rx

from helpdesk_app import routes


def not_found_card(message: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon("search-x", size=40, color="var(--gray-9)"),
            rx.heading("Not found", size="6", as_="h1"),
            rx.text(message, color_scheme="gray"),
            rx.link(rx.button("Back to tickets"), href=routes.TICKETS),
            align="center",
            spacing="3",
            padding="2rem",
        ),
        width="100%",
        max_width="32rem",
        margin_x="auto",
        id="not-found",
    )
