"""/tickets: the ticket list."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.pager import pager
from helpdesk_app.components.ticket_table import empty_state, filter_bar, ticket_table
from helpdesk_app.state.ticket_list import TicketListState


def tickets_page() -> rx.Component:
    return page_frame(
        rx.flex(
            rx.heading("Tickets", size="7", as_="h1"),
            rx.spacer(),
            rx.link(rx.button(rx.icon("plus", size=16), "New ticket"), href=routes.NEW_TICKET),
            align="center",
            width="100%",
        ),
        filter_bar(),
        rx.cond(TicketListState.error != "", rx.callout(TicketListState.error, color_scheme="red", role="alert")),
        rx.cond(
            TicketListState.loaded,
            rx.cond(TicketListState.total > 0,
                    rx.fragment(ticket_table(), pager(TicketListState, "tickets")),
                    empty_state()),
            rx.center(rx.spinner(size="3"), padding="2rem", width="100%"),
        ),
        title="Tickets",
    )
