"""The shared frame: navigation, the signed-in user, and the page body."""

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.components.bell import bell
from helpdesk_app.components.notice import notice
from helpdesk_app.state.search_page import SearchState
from helpdesk_app.state.session import LOGOUT_SCRIPT, SessionState


def _nav_link(text: str, href: str) -> rx.Component:
    return rx.link(text, href=href, size="3", weight="medium", color_scheme="gray", high_contrast=True)


# "/" anywhere outside a text field puts the cursor in the header's search box (installed once per tab).
_SLASH_FOCUSES_SEARCH = """() => {
  if (window.__helpdeskSlash) return;
  window.__helpdeskSlash = true;
  document.addEventListener("keydown", (event) => {
    if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
    const box = document.getElementById("header-search");
    if (box) { event.preventDefault(); box.focus(); }
  });
}"""


def header_search() -> rx.Component:
    return rx.form(
        rx.input(rx.input.slot(rx.icon("search", size=14)), name="q", id="header-search", type="search",
                 placeholder="Search  ( / )", aria_label="Search tickets", max_length=500, width="14rem",
                 on_mount=rx.call_function(rx.Var(_SLASH_FOCUSES_SEARCH))),
        on_submit=SearchState.search_from_header, role="search", width="auto", flex_shrink="1",
    )


def navbar() -> rx.Component:
    return rx.flex(
        rx.link(rx.hstack(rx.icon("life-buoy", size=22), rx.heading("Helpdesk", size="5")),
                href=routes.TICKETS, underline="none", high_contrast=True),
        rx.hstack(
            _nav_link("Tickets", routes.TICKETS),
            _nav_link("New ticket", routes.NEW_TICKET),
            rx.cond(SessionState.is_staff, _nav_link("Canned replies", routes.CANNED_REPLIES)),
            rx.cond(SessionState.is_admin, _nav_link("Users", routes.ADMIN_USERS)),
            rx.cond(SessionState.is_admin, _nav_link("Tags", routes.ADMIN_TAGS)),
            rx.cond(SessionState.is_admin, _nav_link("Outbox", routes.ADMIN_OUTBOX)),
            spacing="4", wrap="wrap", row_gap="0.25rem",  # an admin's links wrap at phone width
        ),
        rx.spacer(),
        header_search(),
        rx.hstack(
            bell(),
            rx.link(SessionState.user_name, href=routes.PREFERENCES, weight="medium", id="signed-in-user",
                    color_scheme="gray", high_contrast=True, title="Your preferences and address"),
            rx.badge(SessionState.user_role, variant="soft"),
            rx.button("Sign out", variant="outline", size="2", on_click=rx.call_function(rx.Var(LOGOUT_SCRIPT)),
                      id="sign-out"),
            align="center",
            spacing="3",
        ),
        as_="nav",
        align="center",
        wrap="wrap",
        spacing="4",
        padding_x="1.25rem",
        padding_y="0.75rem",
        border_bottom="1px solid var(--gray-a5)",
        background="var(--color-panel-solid)",
        aria_label="Main",
    )


def loading() -> rx.Component:
    return rx.center(rx.spinner(size="3"), padding="4rem", aria_label="Loading")


def page_frame(*children: rx.Component, title: str, wide: bool = False) -> rx.Component:
    """An authenticated page: nothing of the page shows until the session is checked. `wide`: room for a
    column beside the content (the list's views)."""
    return rx.box(
        notice(),
        rx.cond(
            SessionState.user_id > 0,
            rx.fragment(
                navbar(),
                rx.el.main(
                    rx.vstack(*children, spacing="4", width="100%"),
                    max_width="92rem" if wide else "72rem",
                    margin_x="auto",
                    padding=["0.75rem", "1rem", "1.5rem"],
                ),
            ),
            loading(),
        ),
        min_height="100vh",
        background="var(--gray-2)",
    )


def centered_card(*children: rx.Component) -> rx.Component:
    """The frame of the sign-in and sign-up pages."""
    return rx.center(
        notice(),
        rx.card(rx.vstack(*children, spacing="4", width="100%"), size="3", width="100%", max_width="26rem"),
        min_height="100vh",
        padding="1rem",
        background="var(--gray-2)",
    )
