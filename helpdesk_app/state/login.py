"""Sign-in and sign-up forms.

The browser posts the credentials straight to the REST API (which sets the
HttpOnly cookie); the password never passes through the Reflex state.
"""

import json

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.config import get_settings
from helpdesk_app.state.form_errors import AccountFormErrors

_POST_FORM = """
(async () => {
  const body = {};
  for (const name of %(fields)s) body[name] = document.getElementById("%(prefix)s-" + name).value;
  const r = await fetch("%(url)s", {method: "POST", credentials: "same-origin",
    headers: {"Content-Type": "application/json"}, body: JSON.stringify(body)});
  let answer = {};
  try { answer = await r.json(); } catch (e) {}
  return {status: r.status, detail: r.ok ? null : (answer.detail ?? null)};
})()
"""


def post_form_script(url: str, prefix: str, fields: list[str]) -> str:
    return _POST_FORM % {"url": url, "prefix": prefix, "fields": json.dumps(fields)}


def field_messages(detail) -> dict[str, str]:
    """FastAPI-style [{"loc": [..., name], "msg": ...}] as {name: msg}."""
    if not isinstance(detail, list):
        return {}
    return {str(d.get("loc", ["", "form"])[-1]): str(d.get("msg", "")) for d in detail if isinstance(d, dict)}


def _safe_next(target: str | None) -> str:
    # Only same-site paths: never an open redirect to another host.
    if target and target.startswith("/") and not target.startswith("//") and target != routes.LOGIN:
        return target
    return routes.TICKETS


class AuthFormState(AccountFormErrors, rx.State):
    busy: bool = False
    signup_enabled: bool = True

    @rx.event
    def load(self):
        self.errors, self.busy = {}, False
        self.signup_enabled = get_settings().signup_enabled

    def _done(self, result: dict, fallback: str):
        self.busy = False
        status = (result or {}).get("status", 0)
        if 200 <= status < 300:
            target = _safe_next(self.router.url.query_parameters.get("next"))
            # A full load, so the new websocket carries the fresh cookie, with a new state token,
            # so nothing another user left in this tab's state is sent to this one.
            return rx.call_script(
                f'window.sessionStorage.removeItem("token"); window.location.assign({json.dumps(target)})'
            )
        detail = (result or {}).get("detail")
        self.errors = field_messages(detail) or {"form": detail if isinstance(detail, str) else fallback}
        return None


class LoginState(AuthFormState):
    @rx.event
    def submit(self):
        self.busy, self.errors = True, {}
        return rx.call_script(
            post_form_script("/api/v1/auth/login", "login", ["email", "password"]), callback=LoginState.finished
        )

    @rx.event
    def finished(self, result: dict):
        return self._done(result, "Could not sign in. Check your connection and try again.")


class SignupState(AuthFormState):
    @rx.event
    def submit(self):
        self.busy, self.errors = True, {}
        return rx.call_script(
            post_form_script("/api/v1/auth/signup", "signup", ["name", "email", "password"]),
            callback=SignupState.finished,
        )

    @rx.event
    def finished(self, result: dict):
        return self._done(result, "Could not create the account. Try again.")
