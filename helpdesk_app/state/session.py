"""Who is signed in, resolved from the HttpOnly session cookie on the server.

Only the user's id, name and role enter the state (it is sent to the browser);
the token and the password hash never do.
"""

import reflex as rx
from sqlmodel import Session

from helpdesk_app import routes
from helpdesk_app.models import Role
from helpdesk_app.services.identity import access
from helpdesk_app.services.identity.access import Caller

LOGOUT_SCRIPT = """
(async () => {
  const csrf = (document.cookie.match(/(?:^|; )helpdesk_csrf=([^;]*)/) || [])[1] || "";
  await fetch("/api/v1/auth/logout", {method: "POST", credentials: "same-origin",
    headers: {"X-CSRF-Token": decodeURIComponent(csrf)}});
  // A new state token: whoever signs in next in this tab starts from an empty state.
  window.sessionStorage.removeItem("token");
  window.location.assign("/login");
})()
"""


class SessionState(rx.State):
    user_id: int = 0
    user_name: str = ""
    user_role: str = ""
    auth_checked: bool = False

    @rx.var
    def is_staff(self) -> bool:
        return self.user_role in (Role.admin.value, Role.agent.value)

    @rx.var
    def is_admin(self) -> bool:
        return self.user_role == Role.admin.value

    def _actor(self, session: Session) -> Caller | None:
        """The signed-in user, checked against the database on every call (logout is immediate)."""
        user = access.caller_from_cookie_header(session, self.router.headers.cookie)
        self.user_id = user.id if user else 0
        self.user_name = user.name if user else ""
        self.user_role = user.role.value if user else ""
        self.auth_checked = True
        return user

    def _login_redirect(self):
        return rx.redirect(f"{routes.LOGIN}?next={self.router.url.path}", replace=True)

    @rx.event
    def logout(self):
        return rx.call_script(LOGOUT_SCRIPT)
