"""The bell: the unread count in the header, and the latest notifications under it (state/bell.py)."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.poller import poll_button, start_polling
from helpdesk_app.state.bell import POLL_MS, BellState
from helpdesk_app.state.display import NotificationRow

POLL_BUTTON = "bell-poll"


def _item(row: NotificationRow) -> rx.Component:
    return rx.box(
        rx.text(row.summary, weight=rx.cond(row.read, "regular", "bold"), size="2"),
        rx.text(row.ticket, size="1", color_scheme="gray", trim="both"),
        rx.text(row.when, size="1", color_scheme="gray"),
        class_name=rx.cond(row.read, "bell-item", "bell-item bell-item-unread"),
        on_click=BellState.follow(row.id, row.url),
        role="link", tab_index=0,
    )


def bell() -> rx.Component:
    s = BellState
    return rx.fragment(
        poll_button(POLL_BUTTON, s.poll),
        rx.popover.root(
            rx.popover.trigger(rx.button(
                rx.icon("bell", size=18),
                rx.cond(s.unread > 0, rx.badge(s.unread_label, color_scheme="red", variant="solid", radius="full",
                                               id="bell-count")),
                variant="ghost", color_scheme="gray", id="bell",
                on_mount=[start_polling(POLL_BUTTON, POLL_MS), BellState.poll],
                aria_label=rx.cond(s.unread > 0, s.unread_label + " unread notifications", "Notifications"),
            )),
            rx.popover.content(
                rx.vstack(
                    rx.hstack(rx.heading("Notifications", size="3", as_="h2"), rx.spacer(),
                              rx.button("Mark all read", size="1", variant="ghost", on_click=s.read_all,
                                        id="bell-read-all"), width="100%", align="center"),
                    rx.cond(s.latest.length() > 0,
                            rx.vstack(rx.foreach(s.latest, lambda r: _item(r)), spacing="1", width="100%",
                                      id="bell-list"),
                            rx.text("Nothing yet.", size="2", color_scheme="gray")),
                    rx.link("All notifications", href=routes.NOTIFICATIONS, size="2", id="bell-all"),
                    spacing="2", width="22rem", max_width="90vw",
                ),
            ),
            on_open_change=s.open_latest,
        ),
    )
