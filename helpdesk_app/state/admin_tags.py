"""/admin/tags: every tag with its ticket count; rename, recolour, describe, merge and delete (admins)."""

import reflex as rx

from helpdesk_app.services.common.errors import DomainError, InvalidInput
from helpdesk_app.services.tags import catalog
from helpdesk_app.services.tags.catalog import MAX_PER_PAGE, TagChanges
from helpdesk_app.state.display import TagChip, tag_chips
from helpdesk_app.state.session import SessionState


class AdminTagsState(SessionState):
    tags: list[TagChip] = []
    colors: dict[int, str] = {}
    descriptions: dict[int, str] = {}
    total: int = 0
    q: str = ""
    editing_id: int = 0
    name: str = ""
    color: str = ""
    description: str = ""
    merge_into: str = ""
    errors: dict[str, str] = {}
    message: str = ""
    allowed: bool = False
    loaded: bool = False

    async def _reload(self):
        q = self.q

        def work(session, actor):
            try:
                return catalog.list_tags(session, actor=actor, q=q, per_page=MAX_PER_PAGE)
            except DomainError:
                return None
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.loaded, self.allowed = True, self.is_admin and found is not None
        if not self.allowed:
            self.tags, self.total = [], 0
            return None
        items, self.total = found
        self.tags = tag_chips(items)
        self.colors = {t.id: t.color for t in items}
        self.descriptions = {t.id: t.description or "" for t in items}
        return None

    @rx.event
    async def load(self):
        self.q, self.editing_id, self.message, self.errors = "", 0, "", {}
        return await self._reload()

    @rx.event
    async def search(self, q: str):
        self.q = q
        return await self._reload()

    @rx.event
    def start_edit(self, tag_id: int):
        chip = next((t for t in self.tags if t.id == tag_id), None)
        if chip is not None:
            self.editing_id, self.name, self.errors, self.merge_into = chip.id, chip.name, {}, ""
            self.color, self.description = self.colors.get(chip.id, "gray"), self.descriptions.get(chip.id, "")

    @rx.event
    def cancel(self):
        self.editing_id, self.errors = 0, {}

    @rx.event
    def set_field(self, field: str, value: str):
        if field in ("name", "color", "description", "merge_into"):
            setattr(self, field, value)

    async def _act(self, action, done: str):
        def work(session, actor):
            try:
                action(session, actor)
            except InvalidInput as e:
                return e.fields
            except DomainError as e:
                return {"form": e.message}
            return {}
        actor, errors = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        self.errors = errors or {}
        if not errors:
            self.editing_id, self.message = 0, done
        return await self._reload()

    @rx.event
    async def save(self):
        tag_id, changes = self.editing_id, TagChanges(name=self.name, color=self.color, description=self.description)
        return await self._act(lambda s, actor: catalog.update_tag(s, actor=actor, tag_id=tag_id, changes=changes),
                               "Saved.")

    @rx.event
    async def merge(self):
        tag_id, into = self.editing_id, int(self.merge_into) if self.merge_into.isdigit() else 0
        if not into:
            self.errors = {"into_id": "Choose the tag to merge into."}
            return None
        return await self._act(lambda s, actor: catalog.merge_tag(s, actor=actor, tag_id=tag_id, into_id=into),
                               "Merged: its tickets carry the other tag now.")

    @rx.event
    async def delete(self, tag_id: int):
        return await self._act(lambda s, actor: catalog.delete_tag(s, actor=actor, tag_id=tag_id), "Deleted.")
