"""/admin/users: list, create, change role, deactivate."""

import reflex as rx

from helpdesk_app.db import new_session
from helpdesk_app.services.identity import users
from helpdesk_app.services.common.errors import DomainError, Forbidden
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

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    def _run(self, action=None):
        with new_session() as session:
            actor = self._actor(session)
            if actor is None:
                return self._login_redirect()
            try:
                if action:
                    action(session, actor)
                found, self.total = users.list_users(session, actor=actor, page=self.page, per_page=PER_PAGE)
            except Forbidden:
                self.forbidden, self.rows = True, []
                return None
            except DomainError as e:
                self.errors = getattr(e, "fields", None) or {"form": e.message}
                found, self.total = users.list_users(session, actor=actor, page=self.page, per_page=PER_PAGE)
        self.forbidden = False
        self.rows = [UserRow(u.id, u.name, u.email, u.role.value, u.is_active, stamp(u.created_at)) for u in found]
        return None

    @rx.event
    def load(self):
        self.errors, self.message = {}, ""
        return self._run()

    @rx.event
    def go_to_page(self, page: int):
        self.page = min(max(1, page), self.page_count)
        return self._run()

    @rx.event
    def create(self, form: dict):
        """The form's fields arrive with the submit and are never kept in the state (the password least)."""
        self.errors, self.message = {}, ""
        created = []

        def make(session, actor):
            user = users.create_user(session, actor=actor, email=str(form.get("email", "")),
                                     name=str(form.get("name", "")), password=str(form.get("password", "")),
                                     role=str(form.get("role", "agent")))
            self.message = f"Created {user.name} ({user.role.value})."
            created.append(user)
        redirect = self._run(make)
        if redirect or not created:
            return redirect
        return [rx.set_value(f"new-user-{name}", "") for name in ("name", "email", "password")]

    @rx.event
    def change_role(self, user_id: int, role: str):
        self.errors, self.message = {}, ""
        return self._run(lambda s, a: users.update_user(s, actor=a, user_id=user_id, role=role))

    @rx.event
    def set_active(self, user_id: int, active: bool):
        self.errors, self.message = {}, ""
        return self._run(lambda s, a: users.update_user(s, actor=a, user_id=user_id, is_active=active))
