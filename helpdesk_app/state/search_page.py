"""/search: results for the words in the address, updated as the agent or customer types; the rows
can be changed in bulk like the list's."""

import json
from urllib.parse import urlencode

import reflex as rx

from helpdesk_app import routes
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.services.identity import users
from helpdesk_app.services.search.finding import search_tickets
from helpdesk_app.services.search.syntax import MAX_QUERY
from helpdesk_app.services.tickets.query import TicketQuery
from helpdesk_app.state.bulk_selection import BulkSelection
from helpdesk_app.state.display import Option, Piece, SearchRow, TicketRow
from helpdesk_app.state.session import SessionState

PER_PAGE = 25
_PARTS = {"subject": "Subject", "description": "Description", "requester": "Requester", "file": "File name"}


def _where(hit) -> str:
    if hit.part == "reply":
        return f"Reply #{hit.reply_number}"
    if hit.part == "note":
        return f"Internal note #{hit.reply_number}"
    return _PARTS.get(hit.part, hit.part.title())


def _rows(items) -> list[SearchRow]:
    return [SearchRow(id=h.ticket.id, number=h.ticket.number, subject=h.ticket.subject, url=routes.ticket_url(
        h.ticket.id), status=h.ticket.status.value, requester=h.ticket.requester.name, where=_where(h),
        snippet=[Piece(text, hit) for text, hit in h.segments]) for h in items]


class SearchState(BulkSelection, SessionState):
    q: str = ""
    hits: list[SearchRow] = []  # `rows` (BulkSelection's) holds their ids for the selection
    total: int = 0
    capped: bool = False
    page: int = 1
    error: str = ""
    loaded: bool = False
    assignee_options: list[Option] = []

    @rx.var
    def page_count(self) -> int:
        return max(1, -(-self.total // PER_PAGE))

    def _bulk_target(self) -> dict:
        return {"ids": None, "query": TicketQuery(), "q": self.q}

    async def _reload(self):
        q, page, want_people = self.q, self.page, not self.assignee_options

        def work(session, actor):
            people = users.list_staff(session, actor=actor) if want_people and actor.is_staff else None
            if not q.strip():
                return None, "", people
            try:
                return search_tickets(session, actor=actor, q=q, query=TicketQuery(page=page, per_page=PER_PAGE)), \
                    "", people
            except DomainError as e:
                return None, e.message.split(": ", 1)[-1], people
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        result, self.error, people = found
        if people is not None:
            self.assignee_options = [Option("me", "Me"), Option("none", "Nobody")] + [
                Option(str(u.id), u.name) for u in people]
        self.hits = _rows(result.items) if result else []
        self.rows = [TicketRow(id=h.id) for h in self.hits]
        self.total, self.capped = (result.total, result.capped) if result else (0, False)
        self._keep_selection()
        self.loaded = True
        return None

    def _address(self) -> str:
        params = {"q": self.q, **({"page": str(self.page)} if self.page > 1 else {})}
        return routes.SEARCH + "?" + urlencode(params)

    @rx.event
    async def load(self):
        params = self.router.url.query_parameters
        self.q = params.get("q", "")[:MAX_QUERY]
        page = params.get("page", "1")
        self.page = int(page) if page.isdigit() and 0 < int(page) < 10**6 else 1
        return await self._reload()

    @rx.event
    async def type_query(self, value: str):
        """Each (debounced) keystroke: new results at once, and the address kept in step without a navigation."""
        self.q, self.page = value[:MAX_QUERY], 1
        await self._reload()
        return rx.call_script(f"window.history.replaceState(null, '', {json.dumps(self._address())})")

    @rx.event
    def go_to_page(self, page: int):
        self.page = min(max(1, page), self.page_count)
        return rx.redirect(self._address())

    @rx.event
    def search_from_header(self, form: dict):
        q = str(form.get("q", "")).strip()[:MAX_QUERY]
        return rx.redirect(routes.SEARCH + "?" + urlencode({"q": q})) if q else None
