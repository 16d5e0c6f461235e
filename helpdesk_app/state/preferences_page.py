"""/preferences: per kind of notification, in the app and by email, on or off; watching by taking part."""

import dataclasses

import reflex as rx

from helpdesk_app.models import NotificationKind, Role
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.notifications import preferences
from helpdesk_app.state.session import SessionState

LABELS = {
    "staff": {
        NotificationKind.new_ticket: "Every new ticket",
        NotificationKind.reply: "Replies on tickets I watch or am assigned",
        NotificationKind.note: "Internal notes",
        NotificationKind.status: "Status changes",
        NotificationKind.assigned: "A ticket assigned to me",
        NotificationKind.attachment: "Files added without a reply",
    },
    "customer": {
        NotificationKind.new_ticket: "The receipt of a new ticket",
        NotificationKind.reply: "Answers to my tickets",
        NotificationKind.status: "My ticket waiting for me, resolved or closed",
    },
}


@dataclasses.dataclass
class PreferenceRow:
    kind: str = ""
    label: str = ""
    app: bool = True
    email: bool = True
    email_locked: bool = False  # the receipt is always mailed


class PreferencesState(SessionState):
    rows: list[PreferenceRow] = []
    auto_watch: bool = True
    saved: str = ""
    error: str = ""

    def _show(self, role: Role, prefs: preferences.Preferences) -> None:
        group = preferences.audience(role)
        self.rows = [PreferenceRow(kind.value, label, prefs.wants(kind, "app"), prefs.wants(kind, "email"),
                                   group == "customer" and kind == NotificationKind.new_ticket)
                     for kind, label in LABELS[group].items()]
        self.auto_watch = prefs.auto_watch

    async def _apply(self, change=None):
        def work(session, actor):
            try:
                prefs = change(session, actor) if change else preferences.get_preferences(session, actor=actor)
            except DomainError as e:
                return e.message, preferences.get_preferences(session, actor=actor)
            return "", prefs
        actor, outcome = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.error, prefs = outcome
        self._show(actor.role, prefs)
        self.saved = "Saved." if change and not self.error else ""
        return None

    @rx.event
    async def load(self):
        self.saved = self.error = ""
        return await self._apply()

    @rx.event
    async def toggle(self, kind: str, channel: str, value: bool):
        return await self._apply(lambda session, actor: preferences.update_preferences(
            session, actor=actor, channels={kind: {channel: bool(value)}}))

    @rx.event
    async def set_auto_watch(self, value: bool):
        return await self._apply(lambda session, actor: preferences.update_preferences(
            session, actor=actor, auto_watch=bool(value)))
