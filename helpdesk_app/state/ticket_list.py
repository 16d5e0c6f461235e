"""The /tickets list: filters, sorting and paging, loaded through the ticket list service."""

from urllib.parse import urlencode

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.services.identity import users
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.tickets.listing import TicketQuery, list_tickets
from helpdesk_app.services.tags import catalog
from helpdesk_app.services.tags.filters import split_names
from helpdesk_app.state.display import Option, TagChip, TicketRow, ago, stamp, tag_chips
from helpdesk_app.state.session import SessionState

ALL = "all"  # Radix select items cannot have an empty value
URL_FILTERS = ("status", "priority", "assignee", "watched_by", "sort")
TAG_MODES = ("any", "all", "none")  # any of, all of (tags=..&tags_match=), none of (not_tags=)
MAX_TAG_OPTIONS = 200


class TicketListState(SessionState):
    rows: list[TicketRow] = []
    total: int = 0
    page: int = 1
    per_page: int = 25
    status: str = ALL
    priority: str = ALL
    assignee: str = ALL
    watched_by: str = ALL  # or "me"
    sort: str = "-last_activity_at"
    assignee_options: list[Option] = []
    tag_filter: list[str] = []  # tag names
    tag_mode: str = "any"
    tag_options: list[TagChip] = []
    error: str = ""
    loaded: bool = False

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @rx.var
    def filtered(self) -> bool:
        chosen = (self.status, self.priority, self.assignee, self.watched_by)
        return chosen != (ALL, ALL, ALL, ALL) or bool(self.tag_filter)

    def _query(self) -> TicketQuery:
        def pick(value: str) -> str | None:
            return None if value == ALL else value
        names = ",".join(self.tag_filter) or None
        return TicketQuery(status=pick(self.status), priority=pick(self.priority), assignee_id=pick(self.assignee),
                           watched_by=pick(self.watched_by),
                           tags=None if self.tag_mode == "none" else names,
                           tags_match="all" if self.tag_mode == "all" else "any",
                           not_tags=names if self.tag_mode == "none" else None,
                           sort=self.sort, page=self.page, per_page=self.per_page)

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
        self.total = result.total
        self.rows = [
            TicketRow(
                id=t.id, number=t.number, subject=t.subject, requester=t.requester.name, status=t.status.value,
                priority=t.priority.value, assignee=t.assignee.name if t.assignee else "",
                last_activity=ago(t.last_activity_at), last_activity_at=stamp(t.last_activity_at),
                url=routes.ticket_url(t.id), tags=tag_chips(t.tags),
            )
            for t in result.items
        ]
        self.loaded = True
        return None

    def _to_url(self):
        """Show the filters in the address (replacing it, as a view can be bookmarked, shared and
        reloaded): the navigation runs `load`, which reads them back and loads the list."""
        defaults = TicketListState.get_fields()
        params = {k: getattr(self, k) for k in URL_FILTERS if getattr(self, k) != defaults[k].default}
        if self.tag_filter:
            names = ",".join(self.tag_filter)
            if self.tag_mode == "none":
                params["not_tags"] = names
            else:
                params["tags"] = names
                if self.tag_mode == "all":
                    params["tags_match"] = "all"
        if self.page > 1:
            params["page"] = self.page
        return rx.redirect(routes.TICKETS + ("?" + urlencode(params) if params else ""), replace=True)

    @rx.event
    async def load(self):
        query = self.router.url.query_parameters
        for name in URL_FILTERS:
            setattr(self, name, query.get(name) or TicketListState.get_fields()[name].default)
        names, self.tag_mode = query.get("tags", ""), "all" if query.get("tags_match") == "all" else "any"
        if not names and query.get("not_tags"):
            names, self.tag_mode = query.get("not_tags", ""), "none"
        self.tag_filter = split_names(names)
        page = query.get("page", "1")
        self.page = int(page) if page.isdigit() and int(page) > 0 else 1
        return await self._reload()

    @rx.event
    def set_filter(self, name: str, value: str):
        if name in URL_FILTERS:
            setattr(self, name, value)
            self.page = 1
        return self._to_url()

    @rx.event
    def set_watched(self, on: bool):
        return self.set_filter("watched_by", "me" if on else ALL)

    @rx.event
    def toggle_tag(self, name: str, on: bool):
        self.tag_filter = [n for n in self.tag_filter if n != name] + ([name] if on else [])
        self.page = 1
        return self._to_url()

    @rx.event
    def set_tag_mode(self, mode: str):
        self.tag_mode = mode if mode in TAG_MODES else "any"
        self.page = 1
        return self._to_url()

    @rx.event
    def clear_filters(self):
        self.tag_filter, self.tag_mode = [], "any"
        self.status = self.priority = self.assignee = self.watched_by = ALL
        self.page = 1
        return self._to_url()

    @rx.event
    def go_to_page(self, page: int):
        self.page = min(max(1, page), self.page_count)
        return self._to_url()
