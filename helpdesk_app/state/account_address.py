"""The address card of /preferences: the account's address, whether it is verified, a change waiting for
its link, "send the link again", and the change form.

The form posts the new address and the current password straight to the REST API (state/login.py's
posting script): the password never passes through the state. On success the page loads again and
shows the address waiting for its link.
"""

import json

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.identity import account_mail
from helpdesk_app.state.form_errors import AccountFormErrors
from helpdesk_app.state.login import field_messages
from helpdesk_app.state.session import SessionState


class AddressState(AccountFormErrors, SessionState):
    address: str = ""
    verified: bool = True
    changing_to: str = ""
    message: str = ""
    busy: bool = False
    next_url: str = f"{routes.PREFERENCES}?address=sent"  # read by the posting script on success

    async def _run(self, action=None):
        def work(session, actor):
            message, errors = "", {}
            try:
                if action:
                    message = action(session, actor)
            except DomainError as e:
                errors = {"form": " ".join((getattr(e, "fields", None) or {"": e.message}).values())}
            return message, errors, account_mail.own_address(session, actor=actor)
        actor, outcome = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        message, errors, seen = outcome
        self.address, self.verified, self.changing_to = seen.email, seen.verified, seen.changing_to or ""
        self.message, self.errors = message, errors
        return None

    @rx.event
    async def load(self):
        self.busy = False
        redirect = await self._run()
        if not redirect and self.changing_to and self.router.url.query_parameters.get("address") == "sent":
            self.message = f"A link is on its way to {self.changing_to}. Your address changes when you open it."
        return redirect

    @rx.event
    async def resend(self):
        def again(session, actor) -> str:
            account_mail.resend_verification(session, actor=actor)
            return "A new link is on its way. It confirms your address when you open it."
        return await self._run(again)

    @rx.event
    def start(self):
        self.busy, self.errors, self.message = True, {}, ""

    @rx.event
    def finished(self, raw: str):
        """What the API answered when the change was refused (success reloads the page instead)."""
        self.busy = False
        try:
            detail = json.loads(raw).get("detail")
        except (ValueError, AttributeError):
            detail = None
        self.errors = field_messages(detail) or {
            "form": detail if isinstance(detail, str) else "Could not change the address. Try again."}
