"""The tags in the ticket page's side panel: suggestions as an agent types, add (Enter), remove.

Tags are internal: for a customer the services refuse them, and the page's state never holds any.
"""

import reflex as rx

from helpdesk_app.services.common.errors import DomainError, InvalidInput
from helpdesk_app.services.tags import catalog, on_tickets
from helpdesk_app.state.display import TagChip, tag_chips

MAX_SUGGESTIONS = 8


def _message(error: DomainError) -> str:
    return "; ".join(error.fields.values()) if isinstance(error, InvalidInput) else error.message


class TicketTagsMixin(rx.State, mixin=True):
    tags: list[TagChip] = []
    tag_suggestions: list[TagChip] = []
    tag_error: str = ""

    @rx.event
    async def suggest_tags(self, text: str):
        def work(session, actor) -> list:
            try:
                return catalog.list_tags(session, actor=actor, q=text, per_page=MAX_SUGGESTIONS + len(self.tags))[0]
            except DomainError:
                return []
        actor, found = await self._signed_in(work)
        if actor is None:
            return self._login_redirect()
        carried = {chip.id for chip in self.tags}
        self.tag_suggestions = [c for c in tag_chips(found) if c.id not in carried][:MAX_SUGGESTIONS]
        return None

    async def _change_tags(self, change) -> None:
        ticket_id = self._ticket_id()

        def act(session, actor) -> str | None:
            try:
                change(session, actor, ticket_id)
            except DomainError as e:
                return _message(e)
            return None
        message, redirect = await self._act(act)
        self.tag_error, self.tag_suggestions = message or "", []
        return redirect

    @rx.event
    async def add_tag(self, form: dict):
        """The form's `tag`: an existing tag of that name (any case), or a new one."""
        name = str(form.get("tag", ""))
        return await self._change_tags(lambda s, actor, ticket_id: on_tickets.add_tag(
            s, actor=actor, ticket_id=ticket_id, name=name))

    @rx.event
    async def pick_tag(self, name: str):
        return await self.add_tag({"tag": name})

    @rx.event
    async def remove_tag(self, tag_id: int):
        return await self._change_tags(lambda s, actor, ticket_id: on_tickets.remove_tag(
            s, actor=actor, ticket_id=ticket_id, tag_id=tag_id))
