"""The left column of /tickets: the agent's views with their counts (kept fresh by polling), and
saving, renaming, deleting and choosing the default of views. A substate of the list: a view is
the list's filter and sort under a name."""

import reflex as rx

from helpdesk_app.models import ViewScope
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.tickets.query import TicketQuery, as_filter
from helpdesk_app.services.views import counts, library
from helpdesk_app.state.display import ViewItem
from helpdesk_app.state.ticket_list import TicketListState

POLL_MS = 5000


def _items(counted, default_id) -> list[ViewItem]:
    return [ViewItem(id=c.view.id, name=c.view.name, scope=library.scope_of(c.view).value,
                     count=f"{c.count:,}+" if c.capped else f"{c.count:,}", is_default=c.view.id == default_id)
            for c in counted]


class ViewsState(TicketListState):
    views: list[ViewItem] = []
    save_open: bool = False
    save_name: str = ""
    save_shared: bool = False
    save_error: str = ""
    view_error: str = ""
    rename_id: int = 0  # the view being renamed (0: the dialog is closed)
    rename_name: str = ""
    rename_error: str = ""

    @rx.var
    def current_view_name(self) -> str:
        return next((v.name for v in self.views if v.id == self.view_id), "")

    @rx.var
    def current_view_editable(self) -> bool:
        view = next((v for v in self.views if v.id == self.view_id), None)
        return view is not None and (view.scope == ViewScope.personal or self.is_admin)

    async def _refresh(self):
        def work(session, actor):
            return _items(*counts.view_counts(session, actor=actor)) if actor.is_staff else []
        _, found = await self._signed_in(work)
        self.views = found or []

    @rx.event
    async def load_views(self):
        await self._refresh()

    @rx.event(background=True)
    async def poll_counts(self):
        async with self:
            cookie = self.router.headers.cookie
        _, found = await self._off_loop(cookie, lambda session, actor: _items(*counts.view_counts(
            session, actor=actor)) if actor.is_staff else [])
        async with self:
            if found is not None:
                self.views = found

    @rx.event
    async def choose_view(self, view_id: int):
        _, view = await self._signed_in(lambda session, actor: _found(session, actor, view_id))
        if view is None:
            self.view_error = "That view is gone."
            return await self._refresh()
        self._apply(TicketQuery(**view.filter))
        self.view_id, self.page, self.view_error = view.id, 1, ""
        return self._to_url()

    @rx.event
    def open_save(self, is_open: bool):
        self.save_open, self.save_error = is_open, ""
        if is_open:
            self.save_name, self.save_shared = "", False

    @rx.event
    def set_save_name(self, value: str):
        self.save_name = value

    @rx.event
    def set_save_shared(self, on: bool):
        self.save_shared = on

    @rx.event
    async def save_view(self):
        kept, name, shared = self._saved_filter(), self.save_name, self.save_shared and self.is_admin

        def work(session, actor):
            try:
                return library.create_view(session, actor=actor, name=name, filter=kept, shared=shared).id, ""
            except DomainError as e:
                return 0, e.message.split(": ", 1)[-1]
        _, (view_id, error) = await self._signed_in(work)
        if error:
            self.save_error = error
            return None
        self.save_open, self.view_id, self.page = False, view_id, 1
        await self._refresh()
        return self._to_url()

    @rx.event
    async def update_current(self):
        """Keep the list's present filter and sort in the view it was opened from."""
        kept, view_id = self._saved_filter(), self.view_id
        await self._change(lambda session, actor: library.update_view(session, actor=actor, view_id=view_id,
                                                                        filter=kept))

    @rx.event
    def open_rename(self, view_id: int, name: str):
        self.rename_id, self.rename_name, self.rename_error = view_id, name, ""

    @rx.event
    def close_rename(self, is_open: bool):
        if not is_open:
            self.rename_id = 0

    @rx.event
    def set_rename_name(self, value: str):
        self.rename_name = value

    @rx.event
    async def save_rename(self):
        view_id, name = self.rename_id, self.rename_name
        await self._change(lambda session, actor: library.update_view(session, actor=actor, view_id=view_id,
                                                                        name=name))
        if self.view_error:
            self.rename_error, self.view_error = self.view_error, ""
        else:
            self.rename_id = 0

    @rx.event
    async def move(self, view_id: int, step: int):
        await self._change(lambda session, actor: library.move_view(session, actor=actor, view_id=view_id,
                                                                      step=step))

    @rx.event
    async def make_default(self, view_id: int):
        await self._change(lambda session, actor: library.update_view(session, actor=actor, view_id=view_id,
                                                                        make_default=True))

    @rx.event
    async def delete_view(self, view_id: int):
        await self._change(lambda session, actor: library.delete_view(session, actor=actor, view_id=view_id))
        if view_id == self.view_id:
            self.view_id = 0
            return self._to_url()
        return None

    def _saved_filter(self) -> dict:
        query = self._query()
        query.page = 1
        return as_filter(query)

    async def _change(self, change) -> None:
        def work(session, actor):
            try:
                change(session, actor)
                return ""
            except DomainError as e:
                return e.message.split(": ", 1)[-1]
        _, error = await self._signed_in(work)
        self.view_error = error or ""
        await self._refresh()


def _found(session, actor, view_id: int):
    try:
        return library.get_view(session, actor=actor, view_id=view_id)
    except DomainError:
        return None
