"""The bell in the header: the unread count, kept live, and the latest notifications.

The page asks every POLL_MS (a timer compiled into it, components/bell.py) and the count is read
off the event loop: a capped index count, so it costs the same for 10 or 100,000 notifications.
Asking from the tab works on whichever app worker the tab's websocket reaches, with or without Redis.
"""

import contextlib

import reflex as rx

from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.notifications import inbox
from helpdesk_app.state.display import NotificationRow, notification_rows
from helpdesk_app.state.session import SessionState

POLL_MS = 1500
LATEST = 8


class BellState(SessionState):
    unread: int = 0
    latest: list[NotificationRow] = []

    @rx.var
    def unread_label(self) -> str:
        return f"{inbox.COUNT_CAP - 1}+" if self.unread >= inbox.COUNT_CAP else str(self.unread)

    @rx.event(background=True)
    async def poll(self):
        async with self:
            cookie = self.router.headers.cookie
        caller, count = await self._off_loop(cookie, lambda session, actor: inbox.unread_count(session, actor=actor))
        async with self:
            if caller is not None and count is not None:
                self.unread = count

    @rx.event
    async def open_latest(self, is_open: bool):
        if not is_open:
            return None

        def work(session, actor):
            items, _ = inbox.list_notifications(session, actor=actor, per_page=LATEST)
            return notification_rows(items), inbox.unread_count(session, actor=actor)
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.latest, self.unread = found
        return None

    @rx.event
    async def follow(self, notification_id: int, url: str):
        """Open what a notification is about, marking it read."""
        def work(session, actor) -> None:
            with contextlib.suppress(DomainError):  # gone, or not theirs: the ticket page says what it can
                inbox.mark_read(session, actor=actor, notification_id=notification_id)
        await self._signed_in(work)
        return rx.redirect(url)

    @rx.event
    async def read_all(self):
        await self._signed_in(lambda session, actor: inbox.mark_all_read(session, actor=actor))
        self.unread = 0
        self.latest = [NotificationRow(r.id, r.summary, r.ticket, r.url, r.when, True) for r in self.latest]
