"""The 404 page."""

import reflex as rx

from helpdesk_app.components.not_found import not_found_card


def not_found_page() -> rx.Component:
    return rx.center(not_found_card("There is no page at this address."), min_height="100vh", padding="1rem",
                     background="var(--gray-2)")
