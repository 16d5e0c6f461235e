"""The pages behind account mail: "forgot password", the reset link's form, the verification link.

The new password goes from the browser straight to the REST API (state/login.py's posting script),
never through the state; the tokens come from the link the user opened, so they are theirs already.
"""

import asyncio

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.db import new_session
from helpdesk_app.services.common.errors import DomainError, InvalidInput
from helpdesk_app.services.identity import account_mail
from helpdesk_app.state.login import AuthFormState


class ForgotPasswordState(rx.State):
    sent: str = ""
    busy: bool = False

    @rx.event
    def load(self):
        self.sent, self.busy = "", False

    @rx.event
    async def ask(self, form: dict):
        email = str(form.get("email", ""))[:320]

        def work() -> str:
            with new_session() as session:
                return account_mail.request_password_reset(session, email=email)
        self.sent = await asyncio.to_thread(work)


class ResetPasswordState(AuthFormState):
    token: str = ""

    @rx.event
    def load(self):
        self.errors, self.busy = {}, False
        self.token = self.router.url.query_parameters.get("token", "")[:200]
        self.next_url = f"{routes.LOGIN}?reset=1"

    @rx.event
    def finished(self, raw: str):
        self._done(raw, "Could not set the password. Try again.")
        if "token" in self.errors:
            self.errors = {"form": self.errors["token"]}


class VerifyEmailState(rx.State):
    outcome: str = ""  # "" while checking, "ok" or the reason it failed
    address: str = ""

    @rx.event
    async def load(self):
        self.outcome, token = "", self.router.url.query_parameters.get("token", "")[:200]

        def work() -> tuple[str, str]:
            with new_session() as session:
                try:
                    return "ok", account_mail.confirm_email(session, token=token).email
                except InvalidInput as e:
                    return next(iter(e.fields.values())), ""
                except DomainError as e:
                    return e.message, ""
        self.outcome, self.address = await asyncio.to_thread(work)
