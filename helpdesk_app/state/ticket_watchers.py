"""Watchers and muting in the ticket page's side panel. Watchers are for agents: a customer's page
state never holds any (read_page leaves them out, and the services refuse them)."""

import reflex as rx

from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.notifications import preferences
from helpdesk_app.services.watchers import watching
from helpdesk_app.state.display import Option


class TicketWatchersMixin(rx.State, mixin=True):
    watchers: list[Option] = []  # value: the user's id
    muted: bool = False
    watcher_error: str = ""

    @rx.var
    def watching_me(self) -> bool:
        return any(w.value == str(self.user_id) for w in self.watchers)

    @rx.var
    def watcher_candidates(self) -> list[Option]:
        """Agents who could be added (the assignee list, less those watching and "Unassigned")."""
        taken = {w.value for w in self.watchers}
        return [o for o in self.staff_options if o.value.isdigit() and o.value not in taken]

    async def _change_watchers(self, change) -> None:
        ticket_id = self._ticket_id()

        def act(session, actor) -> str | None:
            try:
                change(session, actor, ticket_id)
            except DomainError as e:
                return e.message
            return None
        message, redirect = await self._act(act)
        self.watcher_error = message or ""
        return redirect

    @rx.event
    async def watch(self, user_id: str):
        if not str(user_id).isdigit():
            return None
        return await self._change_watchers(lambda s, actor, ticket_id: watching.add_watcher(
            s, actor=actor, ticket_id=ticket_id, user_id=int(user_id)))

    @rx.event
    async def unwatch(self, user_id: str):
        if not str(user_id).isdigit():
            return None
        return await self._change_watchers(lambda s, actor, ticket_id: watching.remove_watcher(
            s, actor=actor, ticket_id=ticket_id, user_id=int(user_id)))

    @rx.event
    async def toggle_me(self):
        mine = str(self.user_id)
        return await (self.unwatch(mine) if self.watching_me else self.watch(mine))

    @rx.event
    async def set_muted(self, value: bool):
        return await self._change_watchers(lambda s, actor, ticket_id: preferences.set_muted(
            s, actor=actor, ticket_id=ticket_id, muted=bool(value)))
