"""/admin/outbox: counts of the worker's queues, what failed and why, retry buttons, the latest mails."""

import reflex as rx

from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.not_found import not_found_card
from helpdesk_app.state.admin_outbox import AdminOutboxState as S
from helpdesk_app.state.admin_outbox import QueueRow

STATUS_COLORS = {"pending": "amber", "sent": "green", "done": "green", "failed": "red"}


def _counts(title: str, counts, html_id: str) -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.text(title, weight="medium"),
            rx.flex(rx.foreach(counts, lambda kv: rx.badge(kv[0] + ": " + kv[1].to_string(), size="2",
                                                           color_scheme=rx.match(kv[0], *STATUS_COLORS.items(),
                                                                                 "gray"))),
                    spacing="2", wrap="wrap"),
            spacing="2",
        ),
        id=html_id,
    )


def _ticket(row: QueueRow) -> rx.Component:
    return rx.cond(row.ticket_href != "", rx.link("Ticket", href=row.ticket_href), rx.text("-", color_scheme="gray"))


def _failed_row(queue: str, row: QueueRow) -> rx.Component:
    return rx.table.row(
        rx.table.cell(row.id),
        rx.table.cell(rx.vstack(rx.text(row.what, weight="medium"),
                                rx.text(row.recipient, size="1", color_scheme="gray"), spacing="0")),
        rx.table.cell(row.when),
        rx.table.cell(row.attempts),
        rx.table.cell(_ticket(row)),
        rx.table.cell(rx.text(row.last_error, size="1", class_name="last-error")),
        rx.table.cell(rx.button("Retry", size="1", variant="soft", on_click=S.retry(queue, row.id),
                                aria_label="Retry " + row.what + " " + row.id.to_string())),
        class_name=f"failed-{queue}",
    )


def _failed(title: str, queue: str, rows) -> rx.Component:
    return rx.cond(
        rows.length() > 0,
        rx.vstack(
            rx.hstack(rx.heading(title, size="4", as_="h2"),
                      rx.button("Retry all", size="1", id=f"retry-all-{queue}", on_click=S.retry(queue, 0)),
                      align="center", spacing="3"),
            rx.box(rx.table.root(
                rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                               ("#", "What", "Queued", "Attempts", "", "Why it failed", "")])),
                rx.table.body(rx.foreach(rows, lambda r: _failed_row(queue, r))),
                variant="surface", width="100%",
            ), overflow_x="auto", width="100%"),
            width="100%", spacing="2",
        ),
    )


def _latest() -> rx.Component:
    def row(m: QueueRow) -> rx.Component:
        return rx.table.row(
            rx.table.cell(m.id), rx.table.cell(m.what), rx.table.cell(m.recipient), rx.table.cell(m.when),
            rx.table.cell(rx.badge(m.status, color_scheme=rx.match(m.status, *STATUS_COLORS.items(), "gray"))),
            rx.table.cell(_ticket(m)),
            class_name="latest-mail",
        )
    return rx.vstack(
        rx.heading("Latest mail", size="4", as_="h2"),
        rx.cond(S.latest_mails.length() > 0,
                rx.box(rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                   ("#", "Kind", "To", "Queued", "Status", "")])),
                    rx.table.body(rx.foreach(S.latest_mails, row)),
                    variant="surface", width="100%",
                ), overflow_x="auto", width="100%"),
                rx.text("No mail yet.", color_scheme="gray")),
        width="100%", spacing="2",
    )


def admin_outbox_page() -> rx.Component:
    return page_frame(
        rx.cond(
            S.forbidden,
            not_found_card("This page is for admins."),
            rx.fragment(
                rx.heading("Outbox", size="7", as_="h1"),
                rx.text("The background worker delivers events and sends mail from here. Failed items wait "
                        "for you: fix the cause (the SMTP settings, an address), then retry.", color_scheme="gray"),
                rx.cond(S.message != "", rx.callout(S.message, icon="check", color_scheme="green", role="status")),
                rx.cond(S.error != "", rx.callout(S.error, color_scheme="red", role="alert")),
                rx.flex(_counts("Events", S.event_counts, "event-counts"),
                        _counts("Mail", S.mail_counts, "mail-counts"), spacing="3", wrap="wrap"),
                _failed("Failed mail", "mails", S.failed_mails),
                _failed("Failed events", "events", S.failed_events),
                _latest(),
            ),
        ),
        title="Outbox",
    )
