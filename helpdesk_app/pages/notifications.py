"""/notifications: what happened, on which ticket, by whom and when; each links to its ticket."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.pager import pager
from helpdesk_app.state.display import NotificationRow
from helpdesk_app.state.notifications_page import NotificationsPageState

S = NotificationsPageState


def _row(row: NotificationRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(rx.cond(row.read, rx.text("Read", size="1", color_scheme="gray"),
                              rx.badge("New", color_scheme="red", variant="soft"))),
        rx.table.cell(rx.link(row.summary, on_click=S.follow(row.id, row.url), href=row.url,
                              weight=rx.cond(row.read, "regular", "bold"))),
        rx.table.cell(rx.link(row.ticket, href=row.url, color_scheme="gray")),
        rx.table.cell(rx.text(row.when, size="2", color_scheme="gray")),
    )


def notifications_page() -> rx.Component:
    return page_frame(
        rx.hstack(
            rx.heading("Notifications", size="6"),
            rx.spacer(),
            rx.checkbox("Unread only", checked=S.only_unread, on_change=S.set_only_unread, id="only-unread"),
            rx.button("Mark all read", variant="soft", on_click=S.read_everything, id="read-everything"),
            rx.link("Preferences", href=routes.PREFERENCES, size="2"),
            width="100%", align="center", wrap="wrap",
        ),
        rx.cond(
            S.rows.length() > 0,
            rx.table.root(
                rx.table.header(rx.table.row(rx.table.column_header_cell(""), rx.table.column_header_cell("What"),
                                             rx.table.column_header_cell("Ticket"),
                                             rx.table.column_header_cell("When"))),
                rx.table.body(rx.foreach(S.rows, lambda r: _row(r))),
                width="100%", variant="surface", id="notification-list",
            ),
            rx.card(rx.text("No notifications yet. You will see replies, notes and changes on the tickets you "
                            "follow here.", color_scheme="gray"), width="100%"),
        ),
        pager(S, "notifications"),
        title="Notifications",
    )
