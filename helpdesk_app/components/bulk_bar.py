"""The bar over a list once rows are ticked: how many, "all N matching", and the changes to make to
them in one action, with progress past a second and a summary after (state/bulk_selection.py)."""

import reflex as rx

from helpdesk_app.models import TicketPriority, TicketStatus


def _apply(label: str, html_id: str, state, field: str, options) -> rx.Component:
    items = ([rx.select.item(text, value=v) for v, text in options] if isinstance(options, list)
             else [rx.foreach(options, lambda o: rx.select.item(o.label, value=o.value))])
    return rx.select.root(
        rx.select.trigger(placeholder=label, id=html_id, aria_label=label),
        rx.select.content(*items),
        value="", on_change=lambda v: state.run_bulk(field, v), disabled=state.bulk_busy,
    )


def _tags(state) -> rx.Component:
    return rx.hstack(
        rx.input(value=state.bulk_tag, on_change=state.set_bulk_tag, placeholder="Tag", max_length=50, width="8rem",
                 id="bulk-tag", size="2", aria_label="Tag to add or remove"),
        rx.button("Add tag", variant="soft", size="2", on_click=state.run_bulk("add_tag", state.bulk_tag),
                  disabled=state.bulk_busy | (state.bulk_tag == ""), id="bulk-add-tag"),
        rx.button("Remove tag", variant="soft", size="2", color_scheme="gray",
                  on_click=state.run_bulk("remove_tag", state.bulk_tag),
                  disabled=state.bulk_busy | (state.bulk_tag == ""), id="bulk-remove-tag"),
        spacing="1",
    )


def bulk_bar(state, assignees=None) -> rx.Component:
    selection = rx.flex(
        rx.text(state.selected_count, " selected", weight="medium", id="bulk-count"),
        rx.cond(state.page_selected & (state.total > state.rows.length()) & ~state.all_matching,
                rx.button("Select all ", state.total, " matching", variant="ghost", size="2",
                          on_click=state.choose_all_matching, id="bulk-all")),
        _apply("Set status", "bulk-status", state, "status", [(s.value, s.value.title()) for s in TicketStatus]),
        _apply("Set priority", "bulk-priority", state, "priority",
               [(p.value, p.value.title()) for p in TicketPriority]),
        _apply("Assign to", "bulk-assignee", state, "assignee", assignees) if assignees is not None else rx.fragment(),
        _tags(state),
        rx.button(rx.icon("eye", size=14), "Watch", variant="soft", size="2", on_click=state.run_bulk("watch", "on"),
                  disabled=state.bulk_busy, id="bulk-watch"),
        rx.button("Clear", variant="ghost", size="2", color_scheme="gray", on_click=state.clear_selection),
        spacing="2", wrap="wrap", align="center", width="100%", padding="0.5rem 0.75rem",
        border="1px solid var(--accent-a6)", border_radius="var(--radius-3)", background="var(--accent-a2)",
        id="bulk-bar", role="toolbar", aria_label="Change the selected tickets",
    )
    return rx.vstack(
        rx.cond((state.selected_count > 0) | state.bulk_busy, selection),
        rx.cond(state.bulk_progress >= 0, rx.hstack(rx.progress(value=state.bulk_progress, max=100, width="16rem"),
                                                    rx.text(state.bulk_progress, "%", size="2"), align="center",
                                                    id="bulk-progress")),
        rx.cond(state.bulk_summary != "", rx.callout(state.bulk_summary, icon="check", color_scheme="green",
                                                     size="1", id="bulk-summary", role="status")),
        rx.cond(state.bulk_error != "", rx.callout(state.bulk_error, color_scheme="red", size="1", role="alert",
                                                   id="bulk-error")),
        spacing="2", width="100%",
    )
