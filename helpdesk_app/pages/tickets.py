"""/tickets: the agent's workspace (views beside the list from 1280 px, a menu narrower) and the list."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.bulk_bar import bulk_bar
from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.pager import pager
from helpdesk_app.components.ticket_filters import filter_bar
from helpdesk_app.components.ticket_table import empty_state, ticket_table
from helpdesk_app.components.views_column import save_dialog, views_column, views_menu
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_list import TicketListState
from helpdesk_app.state.ticket_views import ViewsState

WIDE = ["none", "none", "none", "none", "flex"]  # from the 80em (1280 px) breakpoint on
NARROW = ["flex", "flex", "flex", "flex", "none"]


def _header() -> rx.Component:
    staff = SessionState.is_staff
    return rx.flex(
        rx.heading(rx.cond(ViewsState.current_view_name != "", ViewsState.current_view_name, "Tickets"),
                   size="7", as_="h1", id="list-heading"),
        rx.spacer(),
        rx.cond(staff, rx.box(views_menu(), display=NARROW)),
        rx.cond(staff & ViewsState.current_view_editable,
                rx.button("Update view", variant="soft", size="2", on_click=ViewsState.update_current,
                          id="update-view")),
        rx.cond(staff, save_dialog()),
        rx.link(rx.button(rx.icon("plus", size=16), "New ticket"), href=routes.NEW_TICKET),
        align="center", spacing="2", wrap="wrap", width="100%",
    )


def _list() -> rx.Component:
    s = TicketListState
    return rx.vstack(
        filter_bar(),
        rx.cond(SessionState.is_staff, bulk_bar(s, s.assignee_options)),
        rx.cond(s.error != "", rx.callout(s.error, color_scheme="red", role="alert")),
        rx.cond(
            s.loaded,
            rx.cond(s.total > 0, rx.fragment(ticket_table(), pager(s, "tickets", s.capped)), empty_state()),
            rx.center(rx.spinner(size="3"), padding="2rem", width="100%"),
        ),
        spacing="4", width="100%", min_width="0", flex="1",
    )


def tickets_page() -> rx.Component:
    return page_frame(
        _header(),
        rx.flex(
            rx.cond(SessionState.is_staff, rx.box(views_column(), display=WIDE)),
            _list(),
            spacing="5", width="100%", align="start",
        ),
        title="Tickets", wide=True,
    )
