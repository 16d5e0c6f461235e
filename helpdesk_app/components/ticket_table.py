"""The ticket list as a table (cards on phones), with a checkbox per row for agents' bulk actions."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.badges import priority_badge, status_badge
from helpdesk_app.components.tags import tag_chip
from helpdesk_app.state.display import TicketRow
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_list import TicketListState

def _chips(t: TicketRow) -> rx.Component:
    chips = rx.flex(rx.foreach(t.tags, lambda chip: tag_chip(chip)), wrap="wrap", spacing="1", class_name="row-tags")
    return rx.cond(t.tags.length() > 0, chips)


def _tick(t: TicketRow) -> rx.Component:
    return rx.checkbox(checked=TicketListState.selected.contains(t.id), aria_label="Select #" + t.number.to_string(),
                       on_change=lambda on: TicketListState.toggle_row(t.id, on), class_name="row-select")


def _row(t: TicketRow) -> rx.Component:
    return rx.table.row(
        rx.cond(SessionState.is_staff, rx.table.cell(_tick(t))),
        rx.table.cell(rx.text("#", t.number, color_scheme="gray")),
        rx.table.row_header_cell(rx.flex(rx.link(t.subject, href=t.url, weight="medium"), _chips(t),
                                         wrap="wrap", spacing="2", align="center")),
        rx.table.cell(t.requester),
        rx.table.cell(status_badge(t.status)),
        rx.table.cell(priority_badge(t.priority)),
        rx.table.cell(rx.cond(t.assignee != "", t.assignee, rx.text("Unassigned", color_scheme="gray"))),
        rx.table.cell(rx.text(t.last_activity, title=t.last_activity_at)),
        class_name="ticket-row",
    )


def _card(t: TicketRow) -> rx.Component:
    """The same row as a card, for phones."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.cond(SessionState.is_staff, _tick(t)), rx.text("#", t.number, color_scheme="gray", size="2"),
                      rx.spacer(),
                      rx.text(t.last_activity, size="1", color_scheme="gray", title=t.last_activity_at), width="100%"),
            rx.link(t.subject, href=t.url, weight="medium"),
            _chips(t),
            rx.hstack(status_badge(t.status), priority_badge(t.priority),
                      rx.text(t.requester, " → ", rx.cond(t.assignee != "", t.assignee, "unassigned"),
                              size="1", color_scheme="gray"),
                      wrap="wrap", align="center"),
            spacing="1",
        ),
        width="100%",
        class_name="ticket-card",
    )


def ticket_table() -> rx.Component:
    return rx.fragment(
        rx.mobile_only(rx.vstack(rx.foreach(TicketListState.rows, _card), spacing="2", width="100%"), width="100%"),
        rx.tablet_and_desktop(_table(), width="100%"),
    )


def _table() -> rx.Component:
    return rx.box(
        rx.table.root(
            rx.table.header(rx.table.row(rx.cond(SessionState.is_staff, rx.table.column_header_cell(rx.checkbox(
                checked=TicketListState.page_selected, on_change=TicketListState.toggle_page, id="select-page",
                aria_label="Select every ticket on this page"))), *[
                rx.table.column_header_cell(h)
                for h in ("No.", "Subject", "Requester", "Status", "Priority", "Assignee", "Last activity")
            ])),
            rx.table.body(rx.foreach(TicketListState.rows, _row)),
            variant="surface",
            width="100%",
            id="ticket-table",
        ),
        overflow_x="auto",
        width="100%",
    )


def empty_state() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.icon("inbox", size=36, color="var(--gray-9)"),
            rx.cond(
                TicketListState.filtered,
                rx.text("No tickets match these filters.", size="4", weight="medium"),
                rx.text("No tickets yet.", size="4", weight="medium"),
            ),
            rx.text("When a ticket is opened it shows up here.", color_scheme="gray"),
            rx.link(rx.button("Open a ticket"), href=routes.NEW_TICKET),
            align="center",
            spacing="2",
            padding="2rem",
        ),
        width="100%",
        id="tickets-empty",
    )

