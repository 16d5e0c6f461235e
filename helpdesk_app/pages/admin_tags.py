"""/admin/tags: every tag with its ticket count; rename, recolour, describe, merge, delete."""

import reflex as rx

from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.not_found import not_found_card
from helpdesk_app.components.tags import tag_chip
from helpdesk_app.services.tags.names import PALETTE
from helpdesk_app.state.admin_tags import AdminTagsState
from helpdesk_app.state.display import TagChip

S = AdminTagsState


def _error(field: str) -> rx.Component:
    return rx.cond(S.errors.contains(field), rx.text(S.errors[field], color_scheme="red", size="2", role="alert",
                                                     id=f"tag-{field}-error"))


def _editor() -> rx.Component:
    swatches = [rx.select.item(rx.el.span(name, class_name="tag-chip", style={"background": bg, "color": fg}),
                               value=name) for name, (bg, fg) in PALETTE.items()]
    return rx.card(
        rx.vstack(
            rx.heading("Edit tag", size="4", as_="h2"),
            rx.flex(
                rx.vstack(rx.el.label("Name", html_for="tag-name", class_name="field-label"),
                          rx.input(id="tag-name", value=S.name, on_change=lambda v: S.set_field("name", v),
                                   max_length=50), _error("name"), spacing="1"),
                rx.vstack(rx.el.label("Colour", html_for="tag-color", class_name="field-label"),
                          rx.select.root(rx.select.trigger(id="tag-color", min_width="8rem"),
                                         rx.select.content(*swatches), value=S.color,
                                         on_change=lambda v: S.set_field("color", v)), _error("color"), spacing="1"),
                rx.vstack(rx.el.label("Description", html_for="tag-description", class_name="field-label"),
                          rx.input(id="tag-description", value=S.description, max_length=200, width="20rem",
                                   on_change=lambda v: S.set_field("description", v)), _error("description"),
                          spacing="1"),
                spacing="3", wrap="wrap",
            ),
            rx.hstack(rx.button("Save", on_click=S.save, id="tag-save"),
                      rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel)),
            rx.separator(),
            rx.text("Merge into another tag: its tickets get that tag instead, and this one is deleted.", size="2"),
            rx.hstack(
                rx.select.root(
                    rx.select.trigger(placeholder="Choose a tag", id="tag-merge-into", min_width="12rem"),
                    rx.select.content(rx.foreach(S.tags, lambda t: rx.cond(
                        t.id != S.editing_id, rx.select.item(t.name, value=t.id.to_string())))),
                    value=S.merge_into, on_change=lambda v: S.set_field("merge_into", v),
                ),
                rx.button("Merge", variant="soft", color_scheme="orange", on_click=S.merge, id="tag-merge"),
            ),
            _error("into_id"),
            _error("form"),
            spacing="3", width="100%",
        ),
        width="100%", id="tag-editor",
    )


def _row(t: TagChip) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(tag_chip(t)),
        rx.table.cell(rx.text(S.descriptions[t.id.to_string()], size="2", color_scheme="gray")),
        rx.table.cell(t.count),
        rx.table.cell(rx.hstack(
            rx.button("Edit", size="1", variant="soft", on_click=S.start_edit(t.id)),
            rx.alert_dialog.root(
                rx.alert_dialog.trigger(rx.button("Delete", size="1", variant="soft", color_scheme="red")),
                rx.alert_dialog.content(
                    rx.alert_dialog.title("Delete the tag “" + t.name + "”?"),
                    rx.alert_dialog.description("It comes off ", t.count, " tickets. This cannot be undone."),
                    rx.flex(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                            rx.alert_dialog.action(rx.button("Delete", color_scheme="red", on_click=S.delete(t.id))),
                            spacing="3", justify="end", margin_top="1rem"),
                ),
            ),
        )),
        class_name="tag-row",
    )


def _content() -> rx.Component:
    return rx.vstack(
        rx.input(placeholder="Find a tag…", value=S.q, on_change=S.search.debounce(250), width="18rem",
                 aria_label="Find a tag"),
        rx.cond(S.message != "", rx.callout(S.message, icon="info", size="1", width="100%")),
        rx.cond(S.editing_id > 0, _editor()),
        rx.cond(S.tags.length() > 0,
                rx.table.root(
                    rx.table.header(rx.table.row(*[rx.table.column_header_cell(h)
                                                    for h in ("Tag", "Description", "Tickets", "")])),
                    rx.table.body(rx.foreach(S.tags, _row)),
                    variant="surface", width="100%", id="tag-table",
                ),
                rx.card(rx.text("No tags yet: agents add them from a ticket's side panel.", color_scheme="gray"),
                        width="100%")),
        spacing="3", width="100%",
    )


def admin_tags_page() -> rx.Component:
    return page_frame(
        rx.heading("Tags", size="6", as_="h1"),
        rx.cond(S.loaded, rx.cond(S.allowed, _content(), not_found_card("This page is for admins.")), rx.spinner()),
        title="Tags",
    )
