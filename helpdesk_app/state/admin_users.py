"""/admin/users: list, create, change role, deactivate."""

import reflex as rx

from helpdesk_app.services.identity import account_mail, users
from helpdesk_app.services.common.errors import DomainError, Forbidden, InvalidInput
from helpdesk_app.state.display import UserRow, stamp
from helpdesk_app.state.form_errors import AccountFormErrors
from helpdesk_app.state.session import SessionState

PER_PAGE = 50


class AdminUsersState(AccountFormErrors, SessionState):
    rows: list[UserRow] = []
    total: int = 0
    page: int = 1
    forbidden: bool = False
    message: str = ""
    only_unverified: bool = False

    @rx.var
    def table_error(self) -> str:
        """What went wrong with an action on a row (the form's errors stay beside its fields)."""
        return self.errors.get("table", "")

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    async def _run(self, action=None):
        """`action(session, actor)` (a use case answering a message, or nothing), then the page of users,
        off the event loop."""
        page, verified = self.page, (False if self.only_unverified else None)

        def work(session, actor):
            errors, message = {}, ""
            try:
                if action:
                    message = action(session, actor) or ""
                found, total = users.list_users(session, actor=actor, page=page, per_page=PER_PAGE, verified=verified)
            except Forbidden:
                return None
            except DomainError as e:
                errors = getattr(e, "fields", None) or {"form": e.message}
                found, total = users.list_users(session, actor=actor, page=page, per_page=PER_PAGE, verified=verified)
            return errors, message, found, total
        actor, outcome = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        if outcome is None:
            self.forbidden, self.rows = True, []
            return None
        errors, message, found, self.total = outcome
        self.forbidden = False
        if errors:
            self.errors = errors
        if message:
            self.message = message
        self.rows = [UserRow(u.id, u.name, u.email, u.role.value, u.is_active, stamp(u.created_at), u.email_verified)
                     for u in found]
        return None

    @rx.event
    async def load(self):
        self.errors, self.message = {}, ""
        return await self._run()

    @rx.event
    async def go_to_page(self, page: int):
        self.page = min(max(1, page), self.page_count)
        return await self._run()

    @rx.event
    async def set_only_unverified(self, only: bool):
        self.only_unverified, self.page, self.errors, self.message = bool(only), 1, {}, ""
        return await self._run()

    @rx.event
    async def resend_verification(self, user_id: int):
        self.errors, self.message = {}, ""

        def resend(session, actor) -> str:
            try:
                account_mail.resend_verification(session, actor=actor, user_id=user_id)
            except InvalidInput as e:  # shown above the table, not in the new-user form
                raise InvalidInput({"table": " ".join(e.fields.values())}) from e
            return "A new verification link is on its way."
        return await self._run(resend)

    @rx.event
    async def create(self, form: dict):
        """The form's fields arrive with the submit and are never kept in the state (the password least)."""
        self.errors, self.message = {}, ""

        def make(session, actor) -> str:
            user = users.create_user(session, actor=actor, email=str(form.get("email", "")),
                                     name=str(form.get("name", "")), password=str(form.get("password", "")),
                                     role=str(form.get("role", "agent")))
            return f"Created {user.name} ({user.role.value})."
        redirect = await self._run(make)
        if redirect or not self.message:
            return redirect
        return [rx.set_value(f"new-user-{name}", "") for name in ("name", "email", "password")]

    @rx.event
    async def change_role(self, user_id: int, role: str):
        self.errors, self.message = {}, ""

        def change(session, actor) -> None:
            users.update_user(session, actor=actor, user_id=user_id, role=role)
        return await self._run(change)

    @rx.event
    async def set_active(self, user_id: int, active: bool):
        self.errors, self.message = {}, ""

        def change(session, actor) -> None:
            users.update_user(session, actor=actor, user_id=user_id, is_active=active)
        return await self._run(change)
