"""The server's notice (state/notice.py), over the top of any page until dismissed."""

import reflex as rx

from helpdesk_app.state.notice import NoticeState


def notice() -> rx.Component:
    return rx.cond(
        NoticeState.error != "",
        rx.callout.root(
            rx.callout.icon(rx.icon("triangle-alert")),
            rx.callout.text(NoticeState.error),
            rx.icon_button(rx.icon("x", size=14), variant="ghost", size="1", on_click=NoticeState.dismiss,
                           aria_label="Dismiss"),
            color_scheme="red", role="alert", id="server-error",
            position="fixed", top="1rem", left="50%", transform="translateX(-50%)", z_index="1000",
            display="flex", align_items="center", gap="0.5rem",
        ),
    )
