"""Agent controls on a ticket: status, priority, assignee."""

import reflex as rx

from helpdesk_app.models import TicketPriority, TicketStatus
from helpdesk_app.state.ticket_detail import TicketDetailState


def _control(label: str, html_id: str, value: rx.Var, items: list[rx.Component], field: str) -> rx.Component:
    return rx.vstack(
        rx.el.label(label, html_for=html_id, class_name="field-label"),
        rx.select.root(
            rx.select.trigger(id=html_id, min_width="9rem"),
            rx.select.content(*items),
            value=value,
            on_change=lambda v: TicketDetailState.change(field, v),
        ),
        spacing="1",
    )


def ticket_controls() -> rx.Component:
    return rx.vstack(
        rx.flex(
            _control("Status", "control-status", TicketDetailState.status,
                     [rx.select.item(s.value.title(), value=s.value) for s in TicketStatus], "status"),
            _control("Priority", "control-priority", TicketDetailState.priority,
                     [rx.select.item(p.value.title(), value=p.value) for p in TicketPriority], "priority"),
            _control("Assignee", "control-assignee", TicketDetailState.assignee,
                     [rx.foreach(TicketDetailState.staff_options, lambda o: rx.select.item(o.label, value=o.value))],
                     "assignee_id"),
            spacing="3",
            wrap="wrap",
        ),
        rx.cond(TicketDetailState.control_error != "",
                rx.text(TicketDetailState.control_error, color_scheme="red", size="2", role="alert")),
        spacing="2",
    )
