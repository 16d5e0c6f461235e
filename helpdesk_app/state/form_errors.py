"""Field messages for the account forms (sign-in, sign-up, admin's new user), next to each field."""

import reflex as rx


class AccountFormErrors(rx.State, mixin=True):
    errors: dict[str, str] = {}  # field name -> message; "form" for the form as a whole

    @rx.var
    def email_error(self) -> str:
        return self.errors.get("email", "")

    @rx.var
    def password_error(self) -> str:
        return self.errors.get("password", "")

    @rx.var
    def name_error(self) -> str:
        return self.errors.get("name", "")

    @rx.var
    def form_error(self) -> str:
        # A role has no field of its own on these forms; its message shows above them.
        return self.errors.get("form", "") or self.errors.get("role", "")
