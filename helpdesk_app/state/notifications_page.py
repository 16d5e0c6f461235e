"""/notifications: every notification of the signed-in user, newest first, paged; unread only on demand."""

import reflex as rx

from helpdesk_app.services.notifications import inbox
from helpdesk_app.state.bell import BellState
from helpdesk_app.state.display import NotificationRow, notification_rows

PER_PAGE = 25


class NotificationsPageState(BellState):
    rows: list[NotificationRow] = []
    total: int = 0
    page: int = 1
    only_unread: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    async def _reload(self):
        page, unread = self.page, self.only_unread

        def work(session, actor):
            items, total = inbox.list_notifications(session, actor=actor, unread=unread, page=page, per_page=PER_PAGE)
            return notification_rows(items), total, inbox.unread_count(session, actor=actor)
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.rows, self.total, self.unread = found
        return None

    @rx.event
    async def load(self):
        self.page = 1
        return await self._reload()

    @rx.event
    async def go_to_page(self, page: int):
        self.page = max(1, min(page, self.page_count))
        return await self._reload()

    @rx.event
    async def set_only_unread(self, value: bool):
        self.only_unread, self.page = value, 1
        return await self._reload()

    @rx.event
    async def read_everything(self):
        await self._signed_in(lambda session, actor: inbox.mark_all_read(session, actor=actor))
        return await self._reload()
