"""The ticket list's filter bar: statuses, priorities and assignees (several of each), the requester,
tags, watched, unanswered, with files, created or updated lately, and the sort."""

import reflex as rx

from helpdesk_app.components.tag_filter import tag_filter
from helpdesk_app.models import TicketPriority, TicketStatus
from helpdesk_app.state.display import Option
from helpdesk_app.state.session import SessionState
from helpdesk_app.state.ticket_list import ALL, TicketListState

SORT_OPTIONS = [
    ("-last_activity_at", "Latest activity"), ("last_activity_at", "Oldest activity"),
    ("-created_at", "Newest"), ("created_at", "Oldest"), ("-updated_at", "Recently updated"),
    ("-priority", "Highest priority"), ("-number", "Number, descending"), ("number", "Number, ascending"),
]
WITHIN_OPTIONS = [(ALL, "Any time"), ("24h", "Last 24 hours"), ("7d", "Last 7 days"), ("30d", "Last 30 days")]


def _label(text: str, html_id: str) -> rx.Component:
    return rx.el.label(text, html_for=html_id, class_name="field-label")


def _choice(name: str, chosen: rx.Var, option: Option) -> rx.Component:
    return rx.el.label(
        rx.checkbox(checked=chosen.contains(option.value),
                    on_change=lambda _on: TicketListState.set_filter(name, option.value)),
        rx.text(option.label, size="2"),
        class_name="filter-choice",
    )


def multi_filter(label: str, name: str, chosen: rx.Var, options: list[Option] | rx.Var,
                 any_text: str = "All", names_value: bool = True) -> rx.Component:
    """A button showing what is chosen (the one value, when `names_value` and one is), under it a checkbox
    per option: any of them match."""
    one = chosen[0] if names_value else "1 chosen"
    html_id = f"filter-{name}"
    items = (rx.foreach(options, lambda o: _choice(name, chosen, o)) if isinstance(options, rx.Var)
             else rx.fragment(*[_choice(name, chosen, o) for o in options]))
    return rx.vstack(
        _label(label, html_id),
        rx.popover.root(
            rx.popover.trigger(rx.button(
                rx.cond(chosen.length() > 0, rx.cond(chosen.length() > 1, chosen.length().to_string() + " chosen",
                                                     one), any_text),
                rx.icon("chevron-down", size=14), variant="surface", color_scheme="gray", id=html_id,
                min_width="8rem", justify="between", aria_label=label, class_name="filter-button",
                text_transform="capitalize")),
            rx.popover.content(
                rx.vstack(items, rx.button("Any", size="1", variant="ghost", on_click=TicketListState.set_filter(
                    name, ALL)), spacing="1"),
                max_height="20rem", overflow_y="auto", id=f"{html_id}-choices",
            ),
        ),
        spacing="1",
    )


def _select(label: str, name: str, value: rx.Var, options: list[tuple[str, str]]) -> rx.Component:
    html_id = f"filter-{name}"
    return rx.vstack(
        _label(label, html_id),
        rx.select.root(
            rx.select.trigger(id=html_id, aria_label=label, min_width="9rem"),
            rx.select.content(*[rx.select.item(text, value=v) for v, text in options]),
            value=value, on_change=lambda v: TicketListState.set_filter(name, v),
        ),
        spacing="1",
    )


def _flag(text: str, name: str, value: rx.Var, on_change=None) -> rx.Component:
    return rx.box(rx.checkbox(text, checked=value, id=f"filter-{name}",
                              on_change=on_change or (lambda on: TicketListState.set_flag(name, on))),
                  padding_bottom="0.5rem")


def filter_bar() -> rx.Component:
    s = TicketListState
    staff = SessionState.is_staff
    return rx.flex(
        rx.vstack(
            _label("Words", "filter-words"),
            rx.input(default_value=s.words, placeholder='e.g. printer -toner', id="filter-words", max_length=500,
                     on_blur=s.set_words, width="11rem", key=s.words),
            spacing="1"),
        multi_filter("Status", "status", s.status, [Option(v.value, v.value.title()) for v in TicketStatus]),
        multi_filter("Priority", "priority", s.priority, [Option(v.value, v.value.title()) for v in TicketPriority]),
        rx.cond(staff, multi_filter("Assignee", "assignee", s.assignee, s.assignee_options, "Anyone",
                                          names_value=False)),
        rx.cond(staff, rx.vstack(
            _label("Requester", "filter-requester"),
            rx.input(default_value=s.requester, placeholder="Name or email", id="filter-requester",
                     max_length=200, on_blur=s.set_requester, width="11rem",
                     key=s.requester),  # a new default when the address changes it
            spacing="1")),
        rx.cond(staff, tag_filter()),
        _select("Updated", "updated_within", s.updated_within, WITHIN_OPTIONS),
        _select("Created", "created_within", s.created_within, WITHIN_OPTIONS),
        rx.cond(staff, _flag("Watched by me", "watched", s.watched_by == "me", s.set_watched)),
        _flag("Unanswered", "unanswered", s.unanswered),
        _flag("With files", "has_attachments", s.has_attachments),
        _select("Sort by", "sort", s.sort, SORT_OPTIONS),
        rx.cond(s.filtered, rx.button("Clear filters", variant="ghost", on_click=s.clear_filters,
                                      id="filter-clear")),
        spacing="3", wrap="wrap", align="end",
    )
