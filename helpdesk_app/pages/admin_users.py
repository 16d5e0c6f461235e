"""/admin/users: user administration for admins."""

import reflex as rx

from helpdesk_app.components.form_field import form_field
from helpdesk_app.components.layout import page_frame
from helpdesk_app.components.not_found import not_found_card
from helpdesk_app.components.pager import pager
from helpdesk_app.models import Role
from helpdesk_app.state.admin_users import AdminUsersState
from helpdesk_app.state.display import UserRow

ROLES = [r.value for r in Role]


def _row(u: UserRow) -> rx.Component:
    return rx.table.row(
        rx.table.row_header_cell(rx.text(u.name, weight="medium")),
        rx.table.cell(rx.flex(
            rx.text(u.email),
            rx.cond(u.verified, rx.badge("Verified", color_scheme="green", variant="soft"),
                    rx.fragment(rx.badge("Unverified", color_scheme="amber", class_name="unverified"),
                                rx.button("Resend link", variant="ghost", size="1", class_name="resend-verification",
                                          on_click=AdminUsersState.resend_verification(u.id)))),
            spacing="2", align="center", wrap="wrap",
        )),
        rx.table.cell(
            rx.select.root(
                rx.select.trigger(aria_label="Role of " + u.name),
                rx.select.content(*[rx.select.item(r.title(), value=r) for r in ROLES]),
                value=u.role,
                on_change=lambda v: AdminUsersState.change_role(u.id, v),
            )
        ),
        rx.table.cell(rx.cond(u.is_active, rx.badge("Active", color_scheme="green"),
                              rx.badge("Inactive", color_scheme="gray"))),
        rx.table.cell(
            rx.cond(
                u.is_active,
                rx.alert_dialog.root(
                    rx.alert_dialog.trigger(rx.button("Deactivate", variant="soft", color_scheme="red", size="1")),
                    rx.alert_dialog.content(
                        rx.alert_dialog.title("Deactivate " + u.name + "?"),
                        rx.alert_dialog.description("They are signed out at once and cannot sign in again "
                                                    "until reactivated."),
                        rx.flex(
                            rx.alert_dialog.cancel(rx.button("Cancel", variant="soft", color_scheme="gray")),
                            rx.alert_dialog.action(rx.button("Deactivate", color_scheme="red",
                                                             on_click=AdminUsersState.set_active(u.id, False))),
                            spacing="3", justify="end", margin_top="1rem",
                        ),
                    ),
                ),
                rx.button("Reactivate", variant="soft", size="1", on_click=AdminUsersState.set_active(u.id, True)),
            )
        ),
        class_name="user-row",
    )


def _create_form() -> rx.Component:
    def text_input(name: str, **props):
        return rx.input(id=f"new-user-{name}", name=name, width="100%", **props)

    return rx.card(
        rx.form(
            rx.vstack(
                rx.heading("Add a user", size="4", as_="h2"),
                rx.cond(AdminUsersState.form_error != "",
                        rx.callout(AdminUsersState.form_error, color_scheme="red", role="alert")),
                rx.flex(
                    form_field("Name", text_input("name"), AdminUsersState.name_error, html_id="new-user-name"),
                    form_field("Email", text_input("email", type="email"), AdminUsersState.email_error,
                               html_id="new-user-email"),
                    form_field("Password", text_input("password", type="password", auto_complete="new-password"),
                               AdminUsersState.password_error, html_id="new-user-password"),
                    form_field("Role", rx.select.root(
                        rx.select.trigger(id="new-user-role", width="100%"),
                        rx.select.content(*[rx.select.item(r.title(), value=r) for r in ROLES]),
                        default_value="agent",
                        name="role",
                    ), html_id="new-user-role"),
                    spacing="3", width="100%", direction=rx.breakpoints(initial="column", md="row"),
                ),
                rx.button("Add user", type="submit", id="new-user-submit"),
                spacing="3",
            ),
            on_submit=AdminUsersState.create,
            reset_on_submit=False,
            no_validate=True,  # our messages, next to the field, instead of the browser's
        ),
        width="100%",
    )


def admin_users_page() -> rx.Component:
    return page_frame(
        rx.cond(
            AdminUsersState.forbidden,
            not_found_card("This page is for admins."),
            rx.fragment(
                rx.heading("Users", size="7", as_="h1"),
                rx.cond(AdminUsersState.message != "",
                        rx.callout(AdminUsersState.message, icon="check", color_scheme="green", role="status")),
                _create_form(),
                rx.cond(AdminUsersState.table_error != "",
                        rx.callout(AdminUsersState.table_error, color_scheme="red", role="alert")),
                rx.checkbox("Only accounts whose address is not verified", id="only-unverified",
                            checked=AdminUsersState.only_unverified, on_change=AdminUsersState.set_only_unverified),
                rx.box(
                    rx.table.root(
                        rx.table.header(rx.table.row(*[rx.table.column_header_cell(h) for h in
                                                       ("Name", "Email", "Role", "Status", "")])),
                        rx.table.body(rx.foreach(AdminUsersState.rows, _row)),
                        variant="surface", width="100%",
                    ),
                    overflow_x="auto", width="100%",
                ),
                pager(AdminUsersState, "users"),
            ),
        ),
        title="Users",
    )
