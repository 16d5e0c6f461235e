"""/canned-replies: an agent's own and the shared canned replies; search, write with a live preview,
copy and delete. Every read and write goes through the library in a worker thread."""

import reflex as rx

from helpdesk_app.models import CannedScope
from helpdesk_app.services.canned import library
from helpdesk_app.services.common.errors import DomainError, InvalidInput
from helpdesk_app.state.display import CannedRow, canned_rows
from helpdesk_app.state.session import SessionState

ANY_SCOPE = "all"
PER_PAGE = 100


class CannedPageState(SessionState):
    rows: list[CannedRow] = []
    total: int = 0
    q: str = ""
    scope: str = ANY_SCOPE
    editing: bool = False
    editing_id: int = 0  # 0: a new one
    title: str = ""
    body: str = ""
    new_scope: str = CannedScope.personal.value
    preview: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    loaded: bool = False

    @rx.var
    def title_error(self) -> str:
        return self.errors.get("title", "")

    @rx.var
    def body_error(self) -> str:
        return self.errors.get("body", "")

    async def _reload(self):
        q, scope = self.q, None if self.scope == ANY_SCOPE else CannedScope(self.scope)

        def work(session, actor):
            try:
                return library.list_canned(session, actor=actor, q=q, scope=scope, per_page=PER_PAGE)
            except DomainError:
                return None
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.loaded = True
        if found is None:  # a customer: there is nothing here for them
            self.rows, self.total = [], 0
            return None
        self.rows, self.total = canned_rows(found[0], is_admin=self.is_admin), found[1]
        return None

    @rx.event
    async def load(self):
        self.q, self.scope, self.editing, self.message = "", ANY_SCOPE, False, ""
        return await self._reload()

    @rx.event
    async def search(self, q: str):
        self.q = q
        return await self._reload()

    @rx.event
    async def set_scope(self, scope: str):
        self.scope = scope if scope in (ANY_SCOPE, *CannedScope) else ANY_SCOPE
        return await self._reload()

    @rx.event
    async def start_new(self):
        self.editing, self.editing_id, self.title, self.body, self.errors = True, 0, "", "", {}
        self.new_scope = CannedScope.personal.value
        return await self.update_preview(self.body)

    @rx.event
    async def start_edit(self, canned_id: int):
        def work(session, actor):
            try:
                return library.get_canned(session, actor=actor, canned_id=canned_id)
            except DomainError:
                return None
        _, found = await self._signed_in(work)
        if found is not None:
            self.editing, self.editing_id, self.title, self.body, self.errors = True, found.id, found.title, \
                found.body, {}
            return await self.update_preview(self.body)
        self.message = "That canned reply is gone."
        return await self._reload()

    @rx.event
    def cancel(self):
        self.editing, self.errors = False, {}

    @rx.event
    def set_title(self, value: str):
        self.title = value

    @rx.event
    def set_new_scope(self, value: str):
        self.new_scope = value if value in set(CannedScope) else CannedScope.personal.value

    @rx.event
    async def update_preview(self, body: str):
        """The live preview, with sample values for the ticket and customer."""
        self.body = body

        def work(session, actor):
            try:
                return library.preview(session, actor=actor, body=body)
            except DomainError:
                return ""
        _, self.preview = await self._signed_in(work)

    @rx.event
    async def save(self):
        canned_id, title, body, scope = self.editing_id, self.title, self.body, CannedScope(self.new_scope)

        def work(session, actor):
            try:
                if canned_id:
                    library.update_canned(session, actor=actor, canned_id=canned_id, title=title, body=body)
                else:
                    library.create_canned(session, actor=actor, title=title, body=body, scope=scope)
            except InvalidInput as e:
                return e.fields
            except DomainError as e:
                return {"form": e.message}
            return {}
        actor, errors = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.errors = errors
        if not errors:
            self.editing, self.message = False, f"Saved “{title.strip()}”."
            return await self._reload()
        return None

    async def _act(self, action, done: str):
        def work(session, actor):
            try:
                action(session, actor)
            except DomainError as e:
                return e.message
            return done
        _, self.message = await self._signed_in(work)
        return await self._reload()

    @rx.event
    async def copy(self, canned_id: int):
        return await self._act(lambda s, actor: library.copy_canned(s, actor=actor, canned_id=canned_id),
                               "Copied into your own canned replies.")

    @rx.event
    async def delete(self, canned_id: int):
        return await self._act(lambda s, actor: library.delete_canned(s, actor=actor, canned_id=canned_id), "Deleted.")
