"""/tickets/[ticket_id]: header, thread and reply composer."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.attachment_list import attachment_list
from helpdesk_app.components.canned_picker import canned_picker, cursor_field, open_button, watch_composer
from helpdesk_app.components.badges import priority_badge, status_badge
from helpdesk_app.components.uploader import upload_spec, uploader
from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.not_found import not_found_card
from helpdesk_app.components.thread import thread_entry
from helpdesk_app.components.ticket_panel import ticket_panel
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_detail import REPLY_FILES, TICKET_FILES, TicketDetailState

SEND_REPLY = TicketDetailState.send_reply(upload_spec(REPLY_FILES, TicketDetailState))


def _header() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.link("← All tickets", href=routes.TICKETS, size="2"),
            rx.hstack(
                rx.text("#", TicketDetailState.number, color_scheme="gray", size="5"),
                rx.heading(TicketDetailState.subject, size="6", as_="h1", id="ticket-subject-heading"),
                align="baseline",
                wrap="wrap",
            ),
            rx.hstack(
                status_badge(TicketDetailState.status),
                priority_badge(TicketDetailState.priority),
                rx.text("Requested by ", rx.text.strong(TicketDetailState.requester_name), size="2"),
                rx.text("· assigned to ", rx.cond(TicketDetailState.assignee_name != "",
                                                  TicketDetailState.assignee_name, "nobody"),
                        size="2", color_scheme="gray"),
                wrap="wrap",
                align="center",
                id="ticket-meta",
            ),
            spacing="3",
            width="100%",
        ),
        width="100%",
    )


def _description() -> rx.Component:
    """The request itself, as the first message of the thread."""
    return rx.card(
        rx.vstack(
            rx.hstack(rx.text(TicketDetailState.requester_name, weight="bold"), rx.spacer(),
                      rx.text(TicketDetailState.created, size="1", color_scheme="gray"), width="100%"),
            rx.text(TicketDetailState.description, white_space="pre-wrap", class_name="thread-body"),
            spacing="2",
        ),
        width="100%",
        id="ticket-description-text",
    )


def _ticket_files() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading("Files", size="3", as_="h2"),
            rx.cond(TicketDetailState.ticket_files.length() > 0,
                    attachment_list(TicketDetailState.ticket_files, TicketDetailState.delete_attachment),
                    rx.text("No files on this ticket yet.", size="2", color_scheme="gray")),
            uploader(TICKET_FILES, TicketDetailState, label="Attach files to the ticket",
                     on_drop=TicketDetailState.attach(upload_spec(TICKET_FILES, TicketDetailState))),
            spacing="3",
            width="100%",
        ),
        width="100%",
        id="ticket-files",
    )


def _composer() -> rx.Component:
    return rx.card(
        rx.cond(SessionState.is_staff, rx.fragment(canned_picker(), cursor_field())),
        rx.form(
            rx.vstack(
                rx.el.label(rx.cond(TicketDetailState.reply_internal, "Internal note (agents only)", "Your reply"),
                            html_for="reply-body", class_name="field-label"),
                rx.text_area(id="reply-body", value=TicketDetailState.reply_body,
                             on_change=TicketDetailState.set_reply_body, rows="5", width="100%", size="3",
                             placeholder="Write a message…", on_focus=watch_composer()),
                uploader(REPLY_FILES, TicketDetailState, compact=True, label="Attach files to the reply"),
                rx.cond(TicketDetailState.reply_error != "",
                        rx.text(TicketDetailState.reply_error, color_scheme="red", size="2", role="alert",
                                id="reply-body-error")),
                rx.flex(
                    rx.cond(
                        SessionState.is_staff,
                        rx.el.label(
                            rx.switch(checked=TicketDetailState.reply_internal, id="reply-internal",
                                      on_change=TicketDetailState.set_reply_internal, color_scheme="amber"),
                            rx.text("Internal note", size="2"),
                            style={"display": "flex", "gap": "0.5rem", "alignItems": "center"},
                        ),
                    ),
                    rx.cond(SessionState.is_staff, open_button()),
                    rx.spacer(),
                    rx.button(rx.cond(TicketDetailState.reply_internal, "Add note", "Send reply"),
                              type="submit", id="reply-submit", disabled=TicketDetailState.uploading,
                              color_scheme=rx.cond(TicketDetailState.reply_internal, "amber", "indigo")),
                    align="center",
                    spacing="3",
                    wrap="wrap",
                    width="100%",
                ),
                spacing="2",
            ),
            on_submit=SEND_REPLY,
            reset_on_submit=False,
            no_validate=True,  # our messages, next to the field, instead of the browser's
        ),
        width="100%",
    )


def ticket_detail_page() -> rx.Component:
    return page_frame(
        rx.cond(
            TicketDetailState.loaded,
            rx.cond(
                TicketDetailState.found,
                rx.el.div(
                    rx.box(_header(), class_name="ticket-header"),
                    ticket_panel(),
                    rx.vstack(
                        _description(),
                        _ticket_files(),
                        rx.vstack(rx.foreach(TicketDetailState.thread, thread_entry), spacing="3", width="100%",
                                  id="thread"),
                        _composer(),
                        spacing="4",
                        width="100%",
                        class_name="ticket-main",
                    ),
                    class_name="ticket-layout",
                ),
                not_found_card("This ticket does not exist, or you do not have access to it."),
            ),
            rx.center(rx.spinner(size="3"), padding="2rem", width="100%"),
        ),
        title="Ticket",
    )
