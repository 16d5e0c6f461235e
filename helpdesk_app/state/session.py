"""Who is signed in, resolved from the HttpOnly session cookie on the server.

Only the user's id, name and role enter the state (it is sent to the browser);
the token and the password hash never do.
"""

import asyncio
from collections.abc import Callable
from typing import TypeVar

import reflex as rx
from sqlmodel import Session

from helpdesk_app import routes
from helpdesk_app.db import new_session
from helpdesk_app.models import Role
from helpdesk_app.services.identity import access
from helpdesk_app.services.identity.access import Caller

T = TypeVar("T")

# Compiled into the page's button (rx.call_function with a function: called directly, no eval).
LOGOUT_SCRIPT = """async () => {
  const csrf = (document.cookie.match(/(?:^|; )helpdesk_csrf=([^;]*)/) || [])[1] || "";
  await fetch("/api/v1/auth/logout", {method: "POST", credentials: "same-origin",
    headers: {"X-CSRF-Token": decodeURIComponent(csrf)}});
  // A new state token: whoever signs in next in this tab starts from an empty state.
  window.sessionStorage.removeItem("token");
  window.location.assign("/login");
}"""


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

    async def _signed_in(self, work: Callable[[Session, Caller], T]) -> tuple[Caller | None, T | None]:
        """`work(session, caller)` for the page's signed-in user, in a worker thread: the event loop
        serves every other tab meanwhile. The user is checked against the database on every call
        (logout is immediate); (None, None) when nobody is signed in. `work` must not touch the
        state: it runs off the loop, so it returns what the handler then shows."""
        caller, result = await self._off_loop(self.router.headers.cookie, work)
        self._show_user(caller)
        return caller, result

    @staticmethod
    async def _off_loop(cookie_header: str, work: Callable[[Session, Caller], T]) -> tuple[Caller | None, T | None]:
        """_signed_in's work for a background handler, which may change its state only in `async with
        self`: it shows the user itself (_show_user)."""
        def job() -> tuple[Caller | None, T | None]:
            with new_session() as session:
                caller = access.caller_from_cookie_header(session, cookie_header)
                return caller, (work(session, caller) if caller is not None else None)
        return await asyncio.to_thread(job)

    def _show_user(self, user: Caller | None) -> None:
        self.user_id = user.id if user else 0
        self.user_name = user.name if user else ""
        self.user_role = user.role.value if user else ""
        self.auth_checked = True

    def _login_redirect(self):
        return rx.redirect(f"{routes.LOGIN}?next={self.router.url.path}", replace=True)

