"""Previous / next paging under a list, for any state with total, page, page_count and go_to_page."""

import reflex as rx


def pager(state, noun: str, capped: rx.Var | bool = False) -> rx.Component:
    """`capped`: the total stopped counting at its cap (shown as "10000+")."""
    return rx.flex(
        rx.text(state.total, rx.cond(capped, "+", ""), f" {noun} · page ", state.page, " of ",
                state.page_count, rx.cond(capped, "+", ""), color_scheme="gray", size="2"),
        rx.spacer(),
        rx.button("Previous", variant="soft", disabled=state.page <= 1, on_click=state.go_to_page(state.page - 1)),
        rx.button("Next", variant="soft", disabled=state.page >= state.page_count,
                  on_click=state.go_to_page(state.page + 1)),
        spacing="2",
        align="center",
        width="100%",
    )
