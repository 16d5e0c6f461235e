"""Tags as coloured chips, and the side panel's tag editor (agents only)."""

import reflex as rx

from helpdesk_app.state.display import TagChip
from helpdesk_app.state.ticket_detail import TicketDetailState


def tag_chip(chip: TagChip, on_remove=None) -> rx.Component:
    """A tag in its palette colours; with `on_remove`, a button that takes it off the ticket."""
    remove = rx.el.button(
        rx.icon("x", size=12), type="button", on_click=on_remove, class_name="tag-chip-remove",
        aria_label="Remove tag " + chip.name, title="Remove",
    ) if on_remove is not None else rx.fragment()
    return rx.el.span(
        rx.el.span(chip.name), remove,
        class_name="tag-chip",
        style={"background": chip.background, "color": chip.text},
        data_tag=chip.name,
    )


def _suggestion(chip: TagChip) -> rx.Component:
    return rx.el.button(
        rx.el.span(chip.name, style={"background": chip.background, "color": chip.text}, class_name="tag-chip"),
        rx.text(chip.count, size="1", color_scheme="gray"),
        type="button", class_name="tag-suggestion", on_click=TicketDetailState.pick_tag(chip.name),
    )


def tag_editor() -> rx.Component:
    s = TicketDetailState
    return rx.vstack(
        rx.el.label("Tags", html_for="tag-input", class_name="field-label"),
        rx.flex(
            rx.foreach(s.tags, lambda chip: tag_chip(chip, s.remove_tag(chip.id))),
            rx.cond(s.tags.length() == 0, rx.text("No tags", size="2", color_scheme="gray")),
            wrap="wrap", spacing="1", id="ticket-tags",
        ),
        rx.form(
            rx.input(id="tag-input", name="tag", placeholder="Add a tag…", on_change=s.suggest_tags,
                     auto_complete="off", width="100%", size="2", max_length=50, aria_describedby="tag-help"),
            on_submit=s.add_tag,
            reset_on_submit=True,
            width="100%",
        ),
        rx.cond(s.tag_suggestions.length() > 0,
                rx.flex(rx.foreach(s.tag_suggestions, _suggestion), wrap="wrap", spacing="1", id="tag-suggestions")),
        rx.text("Enter adds it; a new name makes a new tag.", size="1", color_scheme="gray", id="tag-help"),
        rx.cond(s.tag_error != "", rx.text(s.tag_error, color_scheme="red", size="2", role="alert", id="tag-error")),
        spacing="2",
        width="100%",
    )
