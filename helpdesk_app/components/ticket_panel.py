"""The ticket page's side panel: where the ticket stands, who asked, and (agents) its tags.

Beside the conversation at 1280 px and wider, above it on narrower screens (assets/styles.css).
Watchers (agents) and muting (everyone) are here; links to merged and split tickets go here as they come.
"""

import reflex as rx

from helpdesk_app.components.badges import priority_badge, status_badge
from helpdesk_app.components.tags import tag_editor
from helpdesk_app.components.ticket_controls import ticket_controls
from helpdesk_app.components.watchers import notifications_section
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_detail import TicketDetailState


def _section(title: str, *children: rx.Component, html_id: str) -> rx.Component:
    return rx.vstack(rx.heading(title, size="2", as_="h2", color_scheme="gray"), *children,
                     spacing="2", width="100%", id=html_id)


def _standing() -> rx.Component:
    s = TicketDetailState
    return _section(
        "Ticket",
        rx.cond(
            SessionState.is_staff,
            ticket_controls(),
            rx.hstack(status_badge(s.status), priority_badge(s.priority), align="center"),
        ),
        rx.text("Opened ", s.created, size="1", color_scheme="gray"),
        html_id="panel-ticket",
    )


def _requester() -> rx.Component:
    s = TicketDetailState
    return _section(
        rx.cond(SessionState.is_staff, "Requester", "Your details"),
        rx.text(s.requester_name, weight="medium", id="panel-requester-name"),
        rx.link(s.requester_email, href="mailto:" + s.requester_email, size="2", id="panel-requester-email"),
        rx.cond(
            SessionState.is_staff,
            rx.vstack(
                rx.text("Other open tickets", size="1", color_scheme="gray"),
                rx.cond(s.requester_others.length() > 0,
                        rx.vstack(rx.foreach(s.requester_others, lambda o: rx.link(o.label, href=o.value, size="2")),
                                  spacing="1", id="panel-requester-others"),
                        rx.text("None", size="2", color_scheme="gray")),
                spacing="1",
            ),
        ),
        html_id="panel-requester",
    )


def ticket_panel() -> rx.Component:
    return rx.el.aside(
        rx.card(
            rx.vstack(
                _standing(),
                rx.separator(),
                _requester(),
                rx.cond(SessionState.is_staff,
                        rx.fragment(rx.separator(), rx.box(tag_editor(), id="panel-tags", width="100%"))),
                rx.separator(),
                notifications_section(),
                spacing="4",
                width="100%",
            ),
            width="100%",
        ),
        class_name="ticket-panel",
        aria_label="Ticket details",
    )
