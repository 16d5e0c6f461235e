"""A labelled form field with its error message right below it."""

import reflex as rx


def form_field(label: str, control: rx.Component, error: rx.Var | str = "", *, html_id: str,
               hint: str = "") -> rx.Component:
    return rx.box(
        rx.el.label(label, html_for=html_id, class_name="field-label"),
        control,
        rx.cond(hint != "", rx.text(hint, size="1", color_scheme="gray")) if hint else rx.fragment(),
        rx.cond(
            error != "",
            rx.text(error, id=f"{html_id}-error", role="alert", size="2", color_scheme="red"),
        ),
        width="100%",
        class_name="form-field",
    )
