"""Sign-in and sign-up forms.

The browser posts the credentials straight to the REST API (which sets the HttpOnly cookie); the
password never passes through the Reflex state. The posting script is compiled into the page
(rx.call_function with a function, which Reflex calls directly, not through eval, so the page
needs no 'unsafe-eval'). On success it reloads the page it was sent to; otherwise it hands the
API's answer to the form's hidden result field, whose change event brings it to `finished`.
"""

import json

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.config import get_settings
from helpdesk_app.state.form_errors import AccountFormErrors

_POST_FORM = """async () => {
  const prefix = %(prefix)s, body = {};
  for (const name of %(fields)s) body[name] = document.getElementById(prefix + "-" + name).value;
  let status = 0, detail = null;
  // Signed in, a write also needs the CSRF cookie's value echoed (api/deps.py); signed out there is none.
  const csrf = (document.cookie.match(/(?:^|; )helpdesk_csrf=([^;]*)/) || [])[1] || "";
  try {
    const r = await fetch(%(url)s, {method: "POST", credentials: "same-origin", body: JSON.stringify(body),
      headers: {"Content-Type": "application/json", "X-CSRF-Token": decodeURIComponent(csrf)}});
    status = r.status;
    if (r.ok) {
      // A full load, so the new websocket carries the fresh cookie, with a new state token:
      // nothing another user left in this tab's state is sent to this one.
      window.sessionStorage.removeItem("token");
      window.location.assign(document.getElementById(prefix + "-next").dataset.next);
      return;
    }
    detail = (await r.json()).detail ?? null;
  } catch (e) {}
  const result = document.getElementById(prefix + "-result");
  const setValue = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, "value").set;
  setValue.call(result, JSON.stringify({at: Date.now(), status, detail}));  // (a new value each time)
  result.dispatchEvent(new Event("input", {bubbles: true}));
}"""


def post_form(url: str, prefix: str, fields: list[str]) -> rx.event.EventSpec:
    code = _POST_FORM % {"url": json.dumps(url), "prefix": json.dumps(prefix), "fields": json.dumps(fields)}
    return rx.call_function(rx.Var(code))


def field_messages(detail) -> dict[str, str]:
    """FastAPI-style [{"loc": [..., name], "msg": ...}] as {name: msg}."""
    if not isinstance(detail, list):
        return {}
    return {str(d.get("loc", ["", "form"])[-1]): str(d.get("msg", "")) for d in detail if isinstance(d, dict)}


def safe_next(target: str | None) -> str:
    """Only a path on this site: never an open redirect to another host (`//host` and `/\\host`
    are other hosts to a browser)."""
    if target and target.startswith("/") and target[1:2] not in ("/", "\\") and target != routes.LOGIN:
        return target
    return routes.TICKETS


class AuthFormState(AccountFormErrors, rx.State):
    busy: bool = False
    signup_enabled: bool = True
    next_url: str = routes.TICKETS  # where a successful sign-in goes (checked here, read by the script)

    @rx.event
    def load(self):
        self._prepare()

    def _prepare(self) -> None:
        self.errors, self.busy = {}, False
        self.signup_enabled = get_settings().signup_enabled
        self.next_url = safe_next(self.router.url.query_parameters.get("next"))

    @rx.event
    def start(self):
        self.busy, self.errors = True, {}

    def _done(self, raw: str, fallback: str):
        self.busy = False
        try:
            detail = json.loads(raw).get("detail")
        except (ValueError, AttributeError):
            detail = None
        self.errors = field_messages(detail) or {"form": detail if isinstance(detail, str) else fallback}


class LoginState(AuthFormState):
    notice: str = ""

    @rx.event
    def load(self):
        self._prepare()
        reset = self.router.url.query_parameters.get("reset") == "1"
        self.notice = "Your new password is set: sign in with it." if reset else ""

    @rx.event
    def finished(self, raw: str):
        self._done(raw, "Could not sign in. Check your connection and try again.")


class SignupState(AuthFormState):
    @rx.event
    def finished(self, raw: str):
        self._done(raw, "Could not create the account. Try again.")
