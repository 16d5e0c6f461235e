"""The side panel's watchers (agents) and the mute switch (everyone): state/ticket_watchers.py."""

import reflex as rx

from helpdesk_app.state.display import Option
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_detail import TicketDetailState

S = TicketDetailState


def _watcher(w: Option) -> rx.Component:
    return rx.hstack(
        rx.icon("eye", size=14, color="var(--gray-10)"),
        rx.text(w.label, size="2"),
        rx.spacer(),
        rx.icon_button(rx.icon("x", size=12), size="1", variant="ghost", color_scheme="gray",
                       on_click=S.unwatch(w.value), aria_label="Stop " + w.label + " watching", type="button"),
        width="100%", align="center", class_name="watcher-row",
    )


def watcher_panel() -> rx.Component:
    return rx.vstack(
        rx.hstack(
            rx.heading("Watchers", size="2", as_="h2", color_scheme="gray"),
            rx.spacer(),
            rx.button(rx.cond(S.watching_me, "Stop watching", "Watch"), size="1", type="button",
                      variant=rx.cond(S.watching_me, "soft", "solid"), on_click=S.toggle_me, id="watch-toggle"),
            width="100%", align="center",
        ),
        rx.cond(S.watchers.length() > 0,
                rx.vstack(rx.foreach(S.watchers, lambda w: _watcher(w)), spacing="1", width="100%",
                          id="watcher-list"),
                rx.text("Nobody is watching.", size="2", color_scheme="gray")),
        rx.cond(S.watcher_candidates.length() > 0, rx.select.root(
            rx.select.trigger(placeholder="Add a watcher…", id="watcher-add", width="100%"),
            rx.select.content(rx.foreach(S.watcher_candidates, lambda o: rx.select.item(o.label, value=o.value))),
            value="", on_change=S.watch,
        )),
        spacing="2", width="100%", id="panel-watchers",
    )


def mute_switch() -> rx.Component:
    return rx.vstack(
        rx.hstack(rx.switch(checked=S.muted, on_change=S.set_muted, id="mute-ticket", size="1"),
                  rx.text("Mute notifications for this ticket", size="2"), align="center", spacing="2"),
        rx.cond(S.watcher_error != "", rx.text(S.watcher_error, color_scheme="red", size="1", role="alert")),
        spacing="1", width="100%",
    )


def notifications_section() -> rx.Component:
    return rx.vstack(rx.cond(SessionState.is_staff, watcher_panel()), mute_switch(), spacing="3", width="100%")
