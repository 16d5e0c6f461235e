"""/tickets/new: the ticket form."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.form_field import form_field
from helpdesk_app.components.layout import page_frame
from helpdesk_app.models import TicketPriority
from helpdesk_app.state.session import SessionState
from helpdesk_app.components.uploader import upload_spec, uploader
from helpdesk_app.state.ticket_form import MYSELF, UPLOAD_ID, TicketFormState

SUBMIT = TicketFormState.submit(upload_spec(UPLOAD_ID, TicketFormState))


def _requester_field() -> rx.Component:
    return form_field(
        "Requester",
        rx.select.root(
            rx.select.trigger(id="ticket-requester", width="100%"),
            rx.select.content(
                rx.select.item("Myself", value=MYSELF),
                rx.foreach(TicketFormState.customer_options, lambda o: rx.select.item(o.label, value=o.value)),
            ),
            value=TicketFormState.requester,
            on_change=TicketFormState.set_requester,
        ),
        TicketFormState.requester_error,
        html_id="ticket-requester",
        hint="Open the ticket on a customer's behalf.",
    )


def ticket_new_page() -> rx.Component:
    return page_frame(
        rx.heading("New ticket", size="7", as_="h1"),
        rx.card(
            rx.form(
                rx.vstack(
                    rx.cond(TicketFormState.form_error != "",
                            rx.callout(TicketFormState.form_error, color_scheme="red", role="alert")),
                    form_field("Subject", rx.input(id="ticket-subject", value=TicketFormState.subject,
                                                   on_change=TicketFormState.set_subject, size="3", width="100%",
                                                   max_length=200, auto_focus=True),
                               TicketFormState.subject_error, html_id="ticket-subject"),
                    form_field("Description", rx.text_area(id="ticket-description", value=TicketFormState.description,
                                                           on_change=TicketFormState.set_description, rows="8",
                                                           width="100%", size="3"),
                               TicketFormState.description_error, html_id="ticket-description",
                               hint="What happened, what you expected, and anything you already tried."),
                    rx.box(rx.el.label("Attachments", class_name="field-label"), uploader(UPLOAD_ID, TicketFormState),
                           width="100%"),
                    rx.flex(
                        form_field("Priority", rx.select.root(
                            rx.select.trigger(id="ticket-priority", width="100%"),
                            rx.select.content(*[rx.select.item(p.value.title(), value=p.value)
                                                for p in TicketPriority]),
                            value=TicketFormState.priority, on_change=TicketFormState.set_priority,
                        ), html_id="ticket-priority"),
                        rx.cond(SessionState.is_staff, _requester_field()),
                        spacing="4", width="100%", direction=rx.breakpoints(initial="column", sm="row"),
                    ),
                    rx.hstack(
                        rx.button("Open ticket", type="submit", size="3", loading=TicketFormState.busy,
                                  disabled=TicketFormState.uploading, id="ticket-submit"),
                        rx.link(rx.button("Cancel", variant="soft", size="3", type="button"), href=routes.TICKETS),
                    ),
                    spacing="4",
                ),
                on_submit=SUBMIT,
                reset_on_submit=False,
            no_validate=True,  # our messages, next to the field, instead of the browser's
            ),
            width="100%",
            max_width="48rem",
        ),
        title="New ticket",
    )
