"""/admin/users: list, create, change role, deactivate."""

import reflex as rx

from helpdesk_app.db import session_scope
from helpdesk_app.services import users
from helpdesk_app.services.errors import DomainError, Forbidden, InvalidInput
from helpdesk_app.state.display import UserRow, stamp
from helpdesk_app.state.session import SessionState

PER_PAGE = 50


class AdminUsersState(SessionState):
    rows: list[UserRow] = []
    total: int = 0
    page: int = 1
    forbidden: bool = False
    message: str = ""
    errors: dict[str, str] = {}
    new_name: str = ""
    new_email: str = ""
    new_password: str = ""  # only while the admin types it; cleared once the user exists
    new_role: str = "agent"

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    @rx.var
    def name_error(self) -> str:
        return self.errors.get("name", "")

    @rx.var
    def email_error(self) -> str:
        return self.errors.get("email", "")

    @rx.var
    def password_error(self) -> str:
        return self.errors.get("password", "")

    @rx.var
    def form_error(self) -> str:
        return self.errors.get("form", "") or self.errors.get("role", "")

    def _run(self, action=None):
        with session_scope() as session:
            actor = self._actor(session)
            if actor is None:
                return self._login_redirect()
            try:
                if action:
                    action(session, actor)
                    session.commit()
                found, self.total = users.list_users(session, actor=actor, page=self.page, per_page=PER_PAGE)
            except Forbidden:
                self.forbidden, self.rows = True, []
                return None
            except DomainError as e:
                session.rollback()
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
    def set_field(self, name: str, value: str):
        if name in ("new_name", "new_email", "new_password", "new_role"):
            setattr(self, name, value)

    @rx.event
    def create(self):
        self.errors, self.message = {}, ""

        def make(session, actor):
            user = users.create_user(session, actor=actor, email=self.new_email, name=self.new_name,
                                     password=self.new_password, role=self.new_role)
            self.message = f"Created {user.name} ({user.role.value})."
            self.new_name = self.new_email = self.new_password = ""
        return self._run(make)

    @rx.event
    def change_role(self, user_id: int, role: str):
        self.errors, self.message = {}, ""
        return self._run(lambda s, a: users.update_user(s, actor=a, user_id=user_id, role=role))

    @rx.event
    def set_active(self, user_id: int, active: bool):
        self.errors, self.message = {}, ""
        return self._run(lambda s, a: users.update_user(s, actor=a, user_id=user_id, is_active=active))
