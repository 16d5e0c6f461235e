"""The ticket list's tag filter (agents): pick tags, then any of, all of or none of them."""

import reflex as rx

from helpdesk_app.components.tags import tag_chip
from helpdesk_app.state.display import TagChip
from helpdesk_app.state.ticket_list import TicketListState

MODES = [("any", "Any of"), ("all", "All of"), ("none", "None of")]


def _option(chip: TagChip) -> rx.Component:
    return rx.el.label(
        rx.checkbox(checked=TicketListState.tag_filter.contains(chip.name),
                    on_change=lambda on: TicketListState.toggle_tag(chip.name, on)),
        tag_chip(chip),
        rx.text(chip.count, size="1", color_scheme="gray"),
        class_name="tag-filter-option",
    )


def tag_filter() -> rx.Component:
    s = TicketListState
    return rx.vstack(
        rx.el.label("Tags", html_for="filter-tags", class_name="field-label"),
        rx.hstack(
            rx.select.root(
                rx.select.trigger(id="filter-tag-mode", aria_label="Tag match", min_width="6.5rem"),
                rx.select.content(*[rx.select.item(text, value=value) for value, text in MODES]),
                value=s.tag_mode,
                on_change=s.set_tag_mode,
            ),
            rx.popover.root(
                rx.popover.trigger(rx.button(
                    rx.cond(s.tag_filter.length() > 0, s.tag_filter.join(", "), "Choose tags"),
                    rx.icon("chevron-down", size=14), variant="surface", color_scheme="gray", id="filter-tags",
                    max_width="14rem", class_name="tag-filter-button",
                )),
                rx.popover.content(
                    rx.cond(
                        s.tag_options.length() > 0,
                        rx.vstack(rx.foreach(s.tag_options, _option), spacing="1", id="tag-filter-options"),
                        rx.text("No tags yet.", size="2", color_scheme="gray"),
                    ),
                    max_height="20rem", overflow_y="auto",
                ),
            ),
            spacing="2",
        ),
        spacing="1",
    )
