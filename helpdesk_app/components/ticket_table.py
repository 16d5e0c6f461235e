"""The ticket list table and its filter bar."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.badges import priority_badge, status_badge
from helpdesk_app.components.tag_filter import tag_filter
from helpdesk_app.components.tags import tag_chip
from helpdesk_app.models import TicketPriority, TicketStatus
from helpdesk_app.state.display import TicketRow
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_list import ALL, TicketListState

SORT_OPTIONS = [
    ("-last_activity_at", "Latest activity"), ("last_activity_at", "Oldest activity"),
    ("-created_at", "Newest"), ("created_at", "Oldest"), ("-priority", "Highest priority"),
    ("-number", "Number, descending"), ("number", "Number, ascending"),
]


def _select(label: str, name: str, value: rx.Var, options: list[tuple[str, str]] | rx.Var) -> rx.Component:
    html_id = f"filter-{name}"
    if isinstance(options, list):
        items = [rx.select.item(text, value=v) for v, text in options]
    else:
        items = [rx.foreach(options, lambda o: rx.select.item(o.label, value=o.value))]
    return rx.vstack(
        rx.el.label(label, html_for=html_id, class_name="field-label"),
        rx.select.root(
            rx.select.trigger(id=html_id, aria_label=label, min_width="10rem"),
            rx.select.content(*items),
            value=value,
            on_change=lambda v: TicketListState.set_filter(name, v),
        ),
        spacing="1",
    )


def filter_bar() -> rx.Component:
    everything = [(ALL, "All")]
    return rx.flex(
        _select("Status", "status", TicketListState.status,
                everything + [(s.value, s.value.title()) for s in TicketStatus]),
        _select("Priority", "priority", TicketListState.priority,
                everything + [(p.value, p.value.title()) for p in TicketPriority]),
        rx.cond(
            SessionState.is_staff,
            rx.vstack(
                rx.el.label("Assignee", html_for="filter-assignee", class_name="field-label"),
                rx.select.root(
                    rx.select.trigger(id="filter-assignee", aria_label="Assignee", min_width="10rem"),
                    rx.select.content(
                        rx.select.item("Anyone", value=ALL),
                        rx.foreach(TicketListState.assignee_options, lambda o: rx.select.item(o.label, value=o.value)),
                    ),
                    value=TicketListState.assignee,
                    on_change=lambda v: TicketListState.set_filter("assignee", v),
                ),
                spacing="1",
            ),
        ),
        rx.cond(SessionState.is_staff, tag_filter()),
        rx.cond(SessionState.is_staff, rx.box(rx.checkbox(
            "Watched by me", checked=TicketListState.watched_by == "me", id="filter-watched",
            on_change=TicketListState.set_watched),
            padding_bottom="0.5rem")),
        _select("Sort by", "sort", TicketListState.sort, SORT_OPTIONS),
        rx.cond(TicketListState.filtered,
                rx.button("Clear filters", variant="ghost", on_click=TicketListState.clear_filters)),
        spacing="3",
        wrap="wrap",
        align="end",
    )


def _chips(t: TicketRow) -> rx.Component:
    chips = rx.flex(rx.foreach(t.tags, lambda chip: tag_chip(chip)), wrap="wrap", spacing="1", class_name="row-tags")
    return rx.cond(t.tags.length() > 0, chips)


def _row(t: TicketRow) -> rx.Component:
    return rx.table.row(
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
            rx.hstack(rx.text("#", t.number, color_scheme="gray", size="2"), rx.spacer(),
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
            rx.table.header(rx.table.row(*[
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

