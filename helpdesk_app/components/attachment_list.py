"""Attachments as a list: icon by type, name, size, who and when, download, preview, delete."""

import reflex as rx

from helpdesk_app.state.display import AttachmentRow


def _preview(a: AttachmentRow) -> rx.Component:
    return rx.dialog.root(
        rx.dialog.trigger(rx.button("Preview", variant="ghost", size="1", type="button",
                                    aria_label="Preview " + a.filename)),
        rx.dialog.content(
            rx.dialog.title(a.filename),
            rx.cond(
                a.is_image,
                rx.image(src=a.preview_url, alt=a.filename, max_width="100%", max_height="75vh"),
                rx.el.iframe(src=a.preview_url, title=a.filename, width="100%", height="600px",
                             style={"border": "0"}),
            ),
            rx.flex(rx.dialog.close(rx.button("Close", variant="soft", type="button")), justify="end",
                    margin_top="0.75rem"),
            max_width="56rem",
        ),
    )


def _delete(a: AttachmentRow, on_delete) -> rx.Component:
    return rx.alert_dialog.root(
        rx.alert_dialog.trigger(rx.button("Delete", variant="ghost", color_scheme="red", size="1", type="button",
                                          aria_label="Delete " + a.filename)),
        rx.alert_dialog.content(
            rx.alert_dialog.title("Delete " + a.filename + "?"),
            rx.alert_dialog.description("It disappears from the ticket for everyone. The history keeps a note "
                                        "of who deleted it."),
            rx.flex(
                rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray", type="button")),
                rx.alert_dialog.action(rx.button("Delete", color_scheme="red", type="button",
                                                 on_click=on_delete(a.id))),
                spacing="3", justify="end", margin_top="1rem",
            ),
        ),
    )


def attachment_item(a: AttachmentRow, on_delete) -> rx.Component:
    return rx.hstack(
        rx.cond(
            a.is_image & ~a.deleted,
            rx.image(src=a.thumbnail_url, alt="", width="40px", height="40px", object_fit="cover",
                     border_radius="var(--radius-2)", loading="lazy", class_name="attachment-thumb"),
            rx.center(rx.icon(a.icon, size=20, color="var(--gray-10)"), width="40px", height="40px"),
        ),
        rx.vstack(
            rx.hstack(
                # A plain link (not a client-side route), so the browser downloads the file.
                rx.link(a.filename, href=a.download_url, weight="medium", class_name="attachment-link",
                        is_external=True, download=a.filename),
                rx.cond(a.deleted, rx.badge("Deleted", color_scheme="gray", size="1")),
                align="center",
                wrap="wrap",
            ),
            rx.text(a.size_label, " · ", a.uploader, " · ", rx.el.span(a.when_ago, title=a.when), size="1",
                    color_scheme="gray"),
            spacing="0",
        ),
        rx.spacer(),
        rx.cond((a.preview_url != "") & ~a.deleted, _preview(a)),
        rx.cond(a.can_delete, _delete(a, on_delete)),
        align="center",
        width="100%",
        class_name="attachment",
    )


def attachment_list(items, on_delete) -> rx.Component:
    return rx.vstack(rx.foreach(items, lambda a: attachment_item(a, on_delete)), spacing="2", width="100%",
                     class_name="attachment-list")
