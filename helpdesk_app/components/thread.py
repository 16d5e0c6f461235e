"""The conversation: public replies, internal notes and history events look different."""

import reflex as rx

from helpdesk_app.components.attachment_list import attachment_list
from helpdesk_app.state.display import ThreadRow
from helpdesk_app.state.ticket_detail import TicketDetailState


def _message(row: ThreadRow, *, note: bool) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.hstack(
                rx.cond(note, rx.icon("lock", size=14, color="var(--amber-11)")),
                rx.text(row.author, weight="bold"),
                rx.badge(row.author_role, variant="outline", size="1"),
                rx.cond(note, rx.badge("Internal note", color_scheme="amber", size="1")),
                rx.spacer(),
                rx.text(row.when_ago, size="1", color_scheme="gray", title=row.when),
                align="center",
                width="100%",
                wrap="wrap",
            ),
            rx.text(row.body, white_space="pre-wrap", class_name="thread-body"),
            rx.cond(row.files.length() > 0, attachment_list(row.files, TicketDetailState.delete_attachment)),
            spacing="2",
            width="100%",
        ),
        width="100%",
        background=rx.cond(note, "var(--amber-2)", "var(--color-panel-solid)"),
        border=rx.cond(note, "1px dashed var(--amber-8)", "1px solid var(--gray-a4)"),
        class_name=rx.cond(note, "thread-note", "thread-reply"),
    )


def _event(row: ThreadRow) -> rx.Component:
    return rx.text(
        rx.icon("history", size=14, color="var(--gray-9)", display="inline", vertical_align="-2px",
                margin_right="0.4rem"),
        rx.text.strong(row.author), " ", row.body, " ",
        rx.text(" · ", row.when_ago, as_="span", size="1", title=row.when),
        size="2",
        color_scheme="gray",
        padding_x="0.75rem",
        class_name="thread-event",
    )


def thread_entry(row: ThreadRow) -> rx.Component:
    return rx.box(
        rx.match(
            row.kind,
            ("event", _event(row)),
            ("note", _message(row, note=True)),
            _message(row, note=False),
        ),
        width="100%",
        key=row.key,
    )
