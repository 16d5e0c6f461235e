"""/preferences: what the signed-in user hears of, in the app and by email."""

import reflex as rx

from helpdesk_app.components.address_card import address_card
from helpdesk_app.components.layout import page_frame
from helpdesk_app.state.preferences_page import PreferenceRow, PreferencesState
from helpdesk_app.state.session import SessionState

S = PreferencesState


def _row(row: PreferenceRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(row.label),
        rx.table.cell(rx.switch(checked=row.app, on_change=lambda v: S.toggle(row.kind, "app", v),
                                id="pref-" + row.kind + "-app", aria_label=row.label + " in the app")),
        rx.table.cell(rx.cond(
            row.email_locked,
            rx.tooltip(rx.badge("Always", variant="soft", color_scheme="gray", id="pref-" + row.kind + "-email"),
                       content="The receipt carries your ticket's number: it is always sent."),
            rx.switch(checked=row.email, on_change=lambda v: S.toggle(row.kind, "email", v),
                      id="pref-" + row.kind + "-email", aria_label=row.label + " by email"),
        )),
    )


def preferences_page() -> rx.Component:
    return page_frame(
        rx.heading("Preferences", size="6", as_="h1"),
        rx.text("Choose what you hear of, in the app (the bell) and by email. To stop hearing of one ticket, "
                "mute it from its page.", color_scheme="gray"),
        rx.card(rx.table.root(
            rx.table.header(rx.table.row(rx.table.column_header_cell("Tell me of"),
                                         rx.table.column_header_cell("In the app"),
                                         rx.table.column_header_cell("By email"))),
            rx.table.body(rx.foreach(S.rows, lambda r: _row(r))),
            width="100%", id="preferences-table",
        ), width="100%"),
        rx.cond(SessionState.is_staff, rx.card(rx.hstack(
            rx.switch(checked=S.auto_watch, on_change=S.set_auto_watch, id="pref-auto-watch"),
            rx.vstack(rx.text("Watch the tickets I take part in", weight="medium"),
                      rx.text("Replying, adding a note or being assigned makes you a watcher.", size="2",
                              color_scheme="gray"), spacing="0"),
            align="center", spacing="3"), width="100%")),
        rx.cond(S.saved != "", rx.text(S.saved, color_scheme="green", size="2", role="status", id="prefs-saved")),
        rx.cond(S.error != "", rx.text(S.error, color_scheme="red", size="2", role="alert")),
        address_card(),
        title="Preferences",
    )
