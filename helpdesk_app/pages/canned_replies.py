"""/canned-replies: the agent's canned replies and the shared ones; write one with a live preview."""

import reflex as rx

from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.not_found import not_found_card
from helpdesk_app.services.canned.template import NAMES
from helpdesk_app.state.canned_page import ANY_SCOPE, CannedPageState
from helpdesk_app.state.display import CannedRow
from helpdesk_app.state.session import SessionState

S = CannedPageState


def _row(c: CannedRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.vstack(
                rx.hstack(rx.text(c.title, weight="medium"),
                          rx.badge(c.scope, variant="soft",
                                   color_scheme=rx.cond(c.scope == "shared", "indigo", "gray")),
                          rx.text("used ", c.usage, "×", size="1", color_scheme="gray"), align="center", wrap="wrap"),
                rx.text(c.excerpt, size="2", color_scheme="gray", class_name="thread-body"),
                spacing="1", flex="1", min_width="0",
            ),
            rx.hstack(
                rx.cond(c.can_edit, rx.button("Edit", size="1", variant="soft", on_click=S.start_edit(c.id))),
                rx.cond(c.scope == "shared", rx.button("Copy to mine", size="1", variant="soft", color_scheme="gray",
                                                       on_click=S.copy(c.id))),
                rx.cond(c.can_edit, rx.alert_dialog.root(
                    rx.alert_dialog.trigger(rx.button("Delete", size="1", variant="soft", color_scheme="red")),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title("Delete “" + c.title + "”?"),
                        rx.alert_dialog.description("It is gone for good; replies already sent keep their text."),
                        rx.flex(rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                                rx.alert_dialog.action(rx.button("Delete", color_scheme="red",
                                                                 on_click=S.delete(c.id))),
                                spacing="3", justify="end", margin_top="1rem"),
                    ),
                )),
                spacing="2",
            ),
            spacing="3", wrap="wrap", width="100%", align="start",
        ),
        width="100%",
        class_name="canned-row",
    )


def _editor() -> rx.Component:
    return rx.card(
        rx.vstack(
            rx.heading(rx.cond(S.editing_id > 0, "Edit canned reply", "New canned reply"), size="4", as_="h2"),
            rx.el.label("Title", html_for="canned-title", class_name="field-label"),
            rx.input(id="canned-title", value=S.title, on_change=S.set_title, width="100%", max_length=120),
            rx.cond(S.title_error != "", rx.text(S.title_error, color_scheme="red", size="2", role="alert",
                                                 id="canned-title-error")),
            rx.grid(
                rx.vstack(
                    rx.el.label("Text", html_for="canned-body", class_name="field-label"),
                    rx.text_area(id="canned-body", value=S.body, on_change=S.update_preview,
                                 rows="10", width="100%"),
                    rx.cond(S.body_error != "", rx.text(S.body_error, color_scheme="red", size="2", role="alert",
                                                        id="canned-body-error")),
                    rx.text("Variables: ", rx.code(" ".join("{{ " + n + " }}" for n in NAMES)),
                            ' — and a fallback: {{ customer.first_name | default("there") }}', size="1",
                            color_scheme="gray"),
                    spacing="1", width="100%",
                ),
                rx.vstack(
                    rx.text("Preview (with example values)", class_name="field-label"),
                    rx.box(rx.text(S.preview, white_space="pre-wrap", class_name="thread-body"), id="canned-preview",
                           padding="0.75rem", border="1px solid var(--gray-a6)", border_radius="var(--radius-2)",
                           width="100%", min_height="8rem", background="var(--gray-a2)"),
                    spacing="1", width="100%",
                ),
                columns=rx.breakpoints(initial="1", md="2"), spacing="4", width="100%",
            ),
            rx.cond(
                (S.editing_id == 0) & SessionState.is_admin,
                rx.hstack(rx.text("Who can use it", size="2"),
                          rx.radio(["personal", "shared"], value=S.new_scope, on_change=S.set_new_scope,
                                   direction="row", id="canned-scope"), align="center"),
            ),
            rx.cond(S.errors.contains("form"), rx.text(S.errors["form"], color_scheme="red", size="2", role="alert")),
            rx.hstack(rx.button("Save", on_click=S.save, id="canned-save"),
                      rx.button("Cancel", variant="soft", color_scheme="gray", on_click=S.cancel)),
            spacing="2", width="100%",
        ),
        width="100%",
        id="canned-editor",
    )


def _list() -> rx.Component:
    return rx.vstack(
        rx.flex(
            rx.input(placeholder="Search titles and text…", value=S.q, on_change=S.search.debounce(250),
                     id="canned-search-page", width="18rem", aria_label="Search canned replies"),
            rx.select.root(
                rx.select.trigger(aria_label="Which canned replies"),
                rx.select.content(rx.select.item("All", value=ANY_SCOPE), rx.select.item("Mine", value="personal"),
                                  rx.select.item("Shared", value="shared")),
                value=S.scope, on_change=S.set_scope,
            ),
            rx.spacer(),
            rx.button(rx.icon("plus", size=16), "New canned reply", on_click=S.start_new, id="canned-new"),
            spacing="3", wrap="wrap", width="100%", align="center",
        ),
        rx.cond(S.message != "", rx.callout(S.message, icon="info", size="1", width="100%", id="canned-message")),
        rx.cond(S.editing, _editor()),
        rx.cond(S.rows.length() > 0, rx.vstack(rx.foreach(S.rows, _row), spacing="2", width="100%"),
                rx.card(rx.text("No canned replies yet. Write the answers you give again and again once, "
                                "then insert them with :: in any reply.", color_scheme="gray"), width="100%")),
        spacing="3", width="100%",
    )


def canned_replies_page() -> rx.Component:
    return page_frame(
        rx.heading("Canned replies", size="6", as_="h1"),
        rx.cond(S.loaded, rx.cond(SessionState.is_staff, _list(),
                                  not_found_card("This page is for agents.")), rx.spinner()),
        title="Canned replies",
    )
