"""/search: a search box that answers as one types, the results with where they matched and the
matching words marked, and bulk actions on them for agents."""

import reflex as rx

from helpdesk_app.components.badges import status_badge
from helpdesk_app.components.bulk_bar import bulk_bar
from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.pager import pager
from helpdesk_app.state.display import Piece, SearchRow
from helpdesk_app.state.search_page import SearchState
from helpdesk_app.state.session import SessionState

HELP = 'All words must match. "exact phrase", -word to leave out, word* for a prefix.'


def _piece(p: Piece) -> rx.Component:
    return rx.cond(p.hit, rx.el.mark(p.text, class_name="search-hit"), rx.text.span(p.text))


def _hit(h: SearchRow) -> rx.Component:
    return rx.card(
        rx.flex(
            rx.cond(SessionState.is_staff, rx.checkbox(
                checked=SearchState.selected.contains(h.id), on_change=lambda on: SearchState.toggle_row(h.id, on),
                aria_label="Select #" + h.number.to_string(), class_name="row-select")),
            rx.vstack(
                rx.flex(rx.text("#", h.number, color_scheme="gray", size="2"),
                        rx.link(h.subject, href=h.url, weight="medium"), status_badge(h.status),
                        rx.spacer(), rx.badge(h.where, variant="outline", color_scheme="gray", class_name="hit-where"),
                        spacing="2", align="center", wrap="wrap", width="100%"),
                rx.text(rx.foreach(h.snippet, _piece), size="2", class_name="hit-snippet"),
                rx.text(h.requester, size="1", color_scheme="gray"),
                spacing="1", width="100%", min_width="0",
            ),
            spacing="3", align="start", width="100%",
        ),
        width="100%", class_name="search-result",
    )


def search_page() -> rx.Component:
    s = SearchState
    return page_frame(
        rx.heading("Search", size="7", as_="h1"),
        rx.vstack(
            rx.input(default_value=s.q, on_change=s.type_query.debounce(100), placeholder="Search tickets",
                     id="search-input", max_length=500, size="3", width="100%", auto_focus=True,
                     aria_label="Search tickets", key=s.loaded.to_string()),
            rx.text(HELP, size="1", color_scheme="gray"),
            spacing="1", width="100%",
        ),
        rx.cond(SessionState.is_staff, bulk_bar(s, s.assignee_options)),
        rx.cond(s.error != "", rx.callout(s.error, color_scheme="amber", role="alert", id="search-error")),
        rx.cond(
            s.hits.length() > 0,
            rx.vstack(rx.foreach(s.hits, _hit), pager(s, "results", s.capped), spacing="2", width="100%",
                      id="search-results"),
            rx.cond(s.loaded & (s.q != "") & (s.error == ""),
                    rx.text("No tickets match.", color_scheme="gray", id="search-empty")),
        ),
        title="Search",
    )
