"""The agent's views beside the list (at 1280 px and wider) or in a menu (narrower), each with its
live count, and the dialog that saves the present filter as a view."""

import reflex as rx

from helpdesk_app.components.poller import poll_button, start_polling
from helpdesk_app.state.display import ViewItem
from helpdesk_app.state.ticket_views import POLL_MS, ViewsState

POLL_BUTTON = "views-poll"


def _view_menu(v: ViewItem) -> rx.Component:
    return rx.menu.root(
        rx.menu.trigger(rx.icon_button(rx.icon("ellipsis", size=14), variant="ghost", size="1", color_scheme="gray",
                                       aria_label="View actions", class_name="view-actions")),
        rx.menu.content(
            rx.menu.item("Open by default", on_click=ViewsState.make_default(v.id)),
            rx.cond((v.scope == "personal") | ViewsState.is_admin, rx.fragment(
                rx.menu.item("Rename", on_click=ViewsState.open_rename(v.id, v.name)),
                rx.menu.item("Move up", on_click=ViewsState.move(v.id, -1)),
                rx.menu.item("Move down", on_click=ViewsState.move(v.id, 1)))),
            rx.cond((v.scope == "personal") | ((v.scope == "shared") & ViewsState.is_admin),
                    rx.menu.item("Delete", color="red", on_click=ViewsState.delete_view(v.id))),
        ),
    )


def _view(v: ViewItem) -> rx.Component:
    active = ViewsState.view_id == v.id
    return rx.flex(
        rx.button(
            rx.text(v.name, size="2"),
            rx.cond(v.is_default, rx.icon("star", size=12, aria_label="default")),
            rx.spacer(),
            rx.badge(v.count, variant=rx.cond(active, "solid", "soft"), radius="full", class_name="view-count"),
            variant=rx.cond(active, "soft", "ghost"), color_scheme="gray", high_contrast=active,
            on_click=ViewsState.choose_view(v.id), flex="1", justify="start", min_width="0", size="2",
            class_name="view-link", aria_current=rx.cond(active, "page", "false"),
        ),
        _view_menu(v),
        align="center", spacing="1", width="100%", class_name="view-item",
    )


def save_dialog() -> rx.Component:
    s = ViewsState
    # Opened by its button, not a dialog trigger: the state alone says whether it is open, so saving
    # (which navigates to the new view) closes it for good.
    return rx.fragment(rx.button(rx.icon("bookmark-plus", size=14), "Save view", variant="soft", size="2",
                                 id="save-view", on_click=s.open_save(True)), rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Save this list as a view"),
            rx.dialog.description("The filters and the sort, under a name in your views.", size="2"),
            rx.vstack(
                rx.el.label("Name", html_for="view-name", class_name="field-label"),
                rx.input(value=s.save_name, on_change=s.set_save_name, id="view-name", max_length=80,
                         placeholder="e.g. Urgent billing", width="100%"),
                rx.cond(s.save_error != "", rx.text(s.save_error, color_scheme="red", size="2", id="view-name-error")),
                rx.cond(s.is_admin, rx.checkbox("Shared with every agent", checked=s.save_shared,
                                                on_change=s.set_save_shared, id="view-shared")),
                rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                          rx.button("Save", on_click=s.save_view, id="view-save"), justify="end", width="100%"),
                spacing="2", margin_top="0.75rem",
            ),
        ),
        open=s.save_open, on_open_change=s.open_save,
    ))


def rename_dialog() -> rx.Component:
    s = ViewsState
    return rx.dialog.root(
        rx.dialog.content(
            rx.dialog.title("Rename the view"),
            rx.vstack(
                rx.input(value=s.rename_name, on_change=s.set_rename_name, id="rename-view-name", max_length=80,
                         width="100%", aria_label="Name"),
                rx.cond(s.rename_error != "", rx.text(s.rename_error, color_scheme="red", size="2")),
                rx.hstack(rx.dialog.close(rx.button("Cancel", variant="soft", color_scheme="gray")),
                          rx.button("Rename", on_click=s.save_rename, id="rename-view-save"), justify="end",
                          width="100%"),
                spacing="2", margin_top="0.75rem",
            ),
        ),
        open=s.rename_id > 0, on_open_change=s.close_rename,
    )


def views_column() -> rx.Component:
    return rx.vstack(
        poll_button(POLL_BUTTON, ViewsState.poll_counts),
        rename_dialog(),
        rx.heading("Views", size="3", as_="h2", on_mount=start_polling(POLL_BUTTON, POLL_MS)),
        rx.vstack(rx.foreach(ViewsState.views, _view), spacing="1", width="100%", id="views-list"),
        rx.cond(ViewsState.view_error != "", rx.text(ViewsState.view_error, color_scheme="red", size="2")),
        spacing="2", width="15rem", min_width="15rem", as_="nav", aria_label="Views",
    )


def views_menu() -> rx.Component:
    """The same views as a menu, for narrower screens."""
    return rx.menu.root(
        rx.menu.trigger(rx.button(rx.icon("list", size=14), rx.cond(ViewsState.current_view_name != "",
                                                                   ViewsState.current_view_name, "Views"),
                                  variant="surface", color_scheme="gray", id="views-menu")),
        rx.menu.content(rx.foreach(ViewsState.views, lambda v: rx.menu.item(
            rx.text(v.name), rx.spacer(), rx.badge(v.count, radius="full"), on_click=ViewsState.choose_view(v.id)))),
    )
