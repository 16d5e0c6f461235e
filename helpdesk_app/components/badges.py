"""Status and priority badges with consistent colours everywhere."""

import reflex as rx

STATUS_COLORS = {"new": "blue", "open": "orange", "pending": "purple", "resolved": "green", "closed": "gray"}
PRIORITY_COLORS = {"low": "gray", "normal": "blue", "high": "orange", "urgent": "red"}


def _badge(value: rx.Var, colors: dict[str, str], kind: str) -> rx.Component:
    return rx.badge(
        value,
        color_scheme=rx.match(value, *[(k, v) for k, v in colors.items()], "gray"),
        variant="soft",
        radius="full",
        class_name=f"{kind}-badge",
        aria_label=f"{kind.title()}: " + value.to(str),
    )


def status_badge(value: rx.Var) -> rx.Component:
    return _badge(value, STATUS_COLORS, "status")


def priority_badge(value: rx.Var) -> rx.Component:
    return _badge(value, PRIORITY_COLORS, "priority")
