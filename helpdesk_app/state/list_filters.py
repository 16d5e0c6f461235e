"""The list's filter bar as state: each control's value, the query they make, and the handlers that
change them (each starts the list from its first page and puts the filter in the address: the
list's `_to_url`). A mixin of TicketListState."""

import reflex as rx

from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.state.list_address import WITHIN, choices, hidden_filters

ALL = "all"  # Radix select items cannot have an empty value
MULTI = ("status", "priority", "assignee")  # several values: set_filter toggles one
SINGLE = ("watched_by", "sort", "created_within", "updated_within")
TAG_MODES = ("any", "all", "none")  # any of, all of (tags=..&tags_match=), none of (not_tags=)


class ListFilters(rx.State, mixin=True):
    status: list[str] = []
    priority: list[str] = []
    assignee: list[str] = []  # user ids, "me", "none"
    requester: str = ""
    words: str = ""  # the list's words (q): it is then a search in the list's sort
    unanswered: bool = False
    has_attachments: bool = False
    created_within: str = ALL  # or one of list_address.WITHIN
    updated_within: str = ALL
    watched_by: str = ALL  # or "me"
    sort: str = "-last_activity_at"
    hidden: dict[str, str] = {}  # filters of the address the bar has no control for, kept
    tag_filter: list[str] = []  # tag names
    tag_mode: str = "any"

    @rx.var
    def filtered(self) -> bool:
        return bool(self.status or self.priority or self.assignee or self.requester or self.words or self.unanswered
                    or self.has_attachments or self.tag_filter or self.hidden
                    or (self.created_within, self.updated_within, self.watched_by) != (ALL, ALL, ALL))

    def _filter_query(self) -> TicketQuery:
        """The bar's filter and sort (the list adds its page)."""
        def within(value: str) -> str | None:
            return value if value in WITHIN else None
        names = ",".join(self.tag_filter) or None
        query = TicketQuery(
            status=",".join(self.status) or None, priority=",".join(self.priority) or None,
            assignee_id=",".join(self.assignee) or None, requester=self.requester.strip() or None,
            q=self.words.strip() or None,
            unanswered=True if self.unanswered else None, has_attachments=True if self.has_attachments else None,
            created_from=within(self.created_within), updated_from=within(self.updated_within),
            watched_by=None if self.watched_by == ALL else self.watched_by,
            tags=None if self.tag_mode == "none" else names, tags_match="all" if self.tag_mode == "all" else "any",
            not_tags=names if self.tag_mode == "none" else None, sort=self.sort)
        for name, value in self.hidden.items():
            setattr(query, name, value.lower() == "true" if name in ("has_attachments", "unanswered") else value)
        return query

    def _apply(self, query: TicketQuery) -> None:
        """Show `query` in the filter bar."""
        self.status, self.priority, self.assignee = choices(query.status), choices(query.priority), choices(
            query.assignee_id)
        self.requester, self.words = query.requester or "", query.q or ""
        self.unanswered, self.has_attachments = query.unanswered is True, query.has_attachments is True
        self.created_within = query.created_from if query.created_from in WITHIN else ALL
        self.updated_within = query.updated_from if query.updated_from in WITHIN else ALL
        self.watched_by = query.watched_by or ALL
        self.sort = query.sort
        names = query.not_tags if query.not_tags and not query.tags else query.tags
        self.tag_mode = "none" if names == query.not_tags and query.not_tags else (
            "all" if query.tags_match == "all" else "any")
        self.tag_filter = choices(names)
        self.hidden = hidden_filters(query)

    @rx.event
    def set_filter(self, name: str, value: str):
        """A choice of the bar: for status, priority and assignee, `value` is added or taken out (ALL: any)."""
        if name in MULTI:
            chosen: list[str] = getattr(self, name)
            setattr(self, name, [] if value == ALL else (
                [v for v in chosen if v != value] if value in chosen else [*chosen, value]))
        elif name in SINGLE:
            setattr(self, name, value)
        self.page = 1
        return self._to_url()

    @rx.event
    def set_flag(self, name: str, on: bool):
        if name in ("unanswered", "has_attachments"):
            setattr(self, name, on)
            self.page = 1
        return self._to_url()

    @rx.event
    def set_requester(self, value: str):
        self.requester, self.page = value[:200], 1
        return self._to_url()

    @rx.event
    def set_words(self, value: str):
        self.words, self.page = value[:500], 1
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

