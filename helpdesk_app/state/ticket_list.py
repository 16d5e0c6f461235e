"""The /tickets list: filters, sorting and paging, loaded through the ticket list service.

The address holds the whole filter and sort (state/list_address.py), so every change goes through
it: a handler sets the filter, `_to_url` replaces the address, and the navigation's `load` reads
it back and loads the list.
"""

from urllib.parse import urlencode

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.identity import users
from helpdesk_app.services.tags import catalog
from helpdesk_app.services.tickets.listing import list_tickets
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.services.views import library as views
from helpdesk_app.state.bulk_selection import BulkSelection
from helpdesk_app.state.display import Option, TagChip, ticket_rows, tag_chips
from helpdesk_app.state.list_address import params_of, query_from
from helpdesk_app.state.list_filters import ALL, ListFilters
from helpdesk_app.state.session import SessionState

MAX_TAG_OPTIONS = 200
__all__ = ["ALL", "TicketListState"]


class TicketListState(ListFilters, BulkSelection, SessionState):
    total: int = 0
    capped: bool = False  # the total stopped at its cap
    page: int = 1
    per_page: int = 25
    after: str = ""  # the keyset cursor this page starts after ("": by page number)
    next_cursor: str = ""  # where "Next" goes
    earlier: list[str] = []  # the cursors of the pages "Previous" goes back through
    view_id: int = 0  # the saved view the list was opened from (0: none)
    assignee_options: list[Option] = []
    tag_options: list[TagChip] = []
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // self.per_page))

    def _query(self) -> TicketQuery:
        query = self._filter_query()
        query.page, query.per_page, query.after = self.page, self.per_page, self.after or None
        return query

    def _bulk_target(self) -> dict:
        query = self._query()
        query.page = 1
        return {"ids": None, "query": query, "q": None}

    async def _reload(self):
        query, want_options = self._query(), not self.assignee_options

        def work(session, actor):
            try:
                result = list_tickets(session, actor=actor, query=query)
            except DomainError as e:
                return e.message, None, None
            if not actor.is_staff:
                return "", result, None
            # The tags each time (agents add them as they work), the people once.
            people = users.list_staff(session, actor=actor) if want_options else None
            return "", result, (people, catalog.list_tags(session, actor=actor, per_page=MAX_TAG_OPTIONS)[0])
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.error, result, staff = found
        if result is None:
            return None
        if staff is not None:
            people, tags = staff
            if people is not None:
                self.assignee_options = [Option("me", "Assigned to me"), Option("none", "Unassigned")] + [
                    Option(str(u.id), u.name) for u in people]
            self.tag_options = tag_chips(tags)
        self.total, self.capped = result.total, result.capped
        self.next_cursor = result.next_cursor or ""
        self.rows = ticket_rows(result.items)
        self._keep_selection()
        self.loaded = True
        return None

    def _address(self) -> str:
        params = params_of(self._query())
        if self.view_id:
            params = {"view": str(self.view_id), **params}
        if self.page > 1:
            params["page"] = str(self.page)
            if self.after:
                params["after"] = self.after
        return routes.TICKETS + ("?" + urlencode(params) if params else "")

    def _to_url(self):
        """Show the filters in the address (replacing it, as a list can be bookmarked, shared and
        reloaded): the navigation runs `load`, which reads them back and loads the list."""
        if self.page == 1:  # a new filter or sort starts from the top
            self.after, self.earlier = "", []
        return rx.redirect(self._address(), replace=True)

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        if not params:  # /tickets itself: the agent's default view, if they chose one
            _, default = await self._signed_in(lambda session, actor: views.default_view(session, actor=actor))
            if default is not None:
                self._apply(TicketQuery(**default.filter))
                self.view_id, self.page = default.id, 1
                return self._to_url()
        view = params.get("view", "")
        self.view_id = int(view) if view.isdigit() and len(view) < 10 else 0
        self._apply(query_from(params))
        page = params.get("page", "1")
        self.page = int(page) if page.isdigit() and 0 < int(page) < 10**9 else 1
        self.after = params.get("after", "")[:300] if self.page > 1 else ""
        return await self._reload()

    @rx.event
    def clear_filters(self):
        self._apply(TicketQuery())
        self.view_id, self.page = 0, 1
        return self._to_url()

    @rx.event
    def go_to_page(self, page: int):
        """Next continues after the last row shown (keyset: as fast deep down as on top); Previous goes
        back through the cursors it came by, or by page number when opened deep from a link."""
        if page == self.page + 1 and self.next_cursor:
            self.earlier = [*self.earlier, self.after]
            self.after, self.page = self.next_cursor, page
        elif page == self.page - 1 and self.earlier:
            self.after, self.earlier, self.page = self.earlier[-1], self.earlier[:-1], page
        else:
            self.after, self.earlier = "", []
            self.page = min(max(1, page), self.page_count)
        return self._to_url()
