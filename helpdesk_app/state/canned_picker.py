"""The composer's canned reply picker (agents): opened by its button, by Ctrl+Shift+K, or by typing
`::`; searched as one types; arrow keys and Enter pick; the pick is rendered for this ticket and put
where the cursor was (in place of the `::`). Each canned reply used is counted when the reply is sent.

Where the cursor was comes from the browser: a script compiled into the page (components/canned_picker.py)
leaves the textarea's position in a hidden field as the textarea loses focus.
"""

import reflex as rx

from helpdesk_app.services.canned import library
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.state.display import CannedRow, canned_rows

TRIGGER = "::"
PICKER_SEARCH = "canned-picker-search"
REPLY_BODY = "reply-body"
MAX_PICKS = 8


def _new_trigger(old: str, new: str) -> int:
    """Where a `::` was just typed into `new`, or -1."""
    if new.count(TRIGGER) <= old.count(TRIGGER):
        return -1
    same = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), min(len(old), len(new)))
    return new.find(TRIGGER, max(0, same - 1))


class CannedPickerMixin(rx.State, mixin=True):
    picker_open: bool = False
    picker_q: str = ""
    picker_rows: list[CannedRow] = []
    picker_active: int = 0
    canned_used: list[int] = []
    _reply_cursor: int = -1  # where the cursor was in the reply (-1: unknown: the end)
    _picker_trigger: int = -1  # where the `::` that opened the picker is (-1: opened otherwise)

    @rx.event
    async def set_reply_body(self, value: str):
        trigger = _new_trigger(self.reply_body, value) if self.is_staff else -1
        self.reply_body = value
        if trigger >= 0:
            self._picker_trigger = trigger
            return await self._open()
        return None

    @rx.event
    def set_reply_cursor(self, value: str):
        self._reply_cursor = int(value) if value.isdigit() else -1

    @rx.event
    async def open_picker(self):
        self._picker_trigger = -1
        return await self._open()

    async def _open(self):
        self.picker_open, self.picker_q, self.picker_active = True, "", 0
        await self._search()
        return rx.set_focus(PICKER_SEARCH)

    @rx.event
    def close_picker(self):
        self.picker_open = False
        return rx.set_focus(REPLY_BODY)

    async def _search(self) -> None:
        q, ticket_id = self.picker_q, self._ticket_id()

        def work(session, actor):
            try:
                items, _ = library.list_canned(session, actor=actor, q=q, per_page=MAX_PICKS)
                return items, library.render_each(session, actor=actor, items=items, ticket_id=ticket_id)
            except DomainError:
                return [], {}
        _, found = await self._signed_in(work)
        items, previews = found or ([], {})
        self.picker_rows = canned_rows(items, is_admin=False, previews=previews)
        self.picker_active = 0

    @rx.event
    async def picker_search(self, q: str):
        self.picker_q = q
        await self._search()

    @rx.event
    def picker_key(self, key: str, _info: dict):
        if key == "ArrowDown" and self.picker_rows:
            self.picker_active = (self.picker_active + 1) % len(self.picker_rows)
        elif key == "ArrowUp" and self.picker_rows:
            self.picker_active = (self.picker_active - 1) % len(self.picker_rows)
        elif key == "Enter":
            return self.insert_canned(self.picker_active)
        elif key == "Escape":
            return self.close_picker()
        return None

    @rx.event
    def insert_canned(self, index: int):
        if not 0 <= index < len(self.picker_rows):
            return None
        row, body = self.picker_rows[index], self.reply_body
        at = self._picker_trigger
        if at >= 0 and body[at:at + len(TRIGGER)] == TRIGGER:
            body = body[:at] + row.preview + body[at + len(TRIGGER):]
        elif 0 <= self._reply_cursor <= len(body):
            body = body[:self._reply_cursor] + row.preview + body[self._reply_cursor:]
        else:
            body = body + ("\n" if body and not body.endswith("\n") else "") + row.preview
        self.reply_body, self.picker_open, self._picker_trigger = body, False, -1
        if row.id not in self.canned_used:
            self.canned_used = [*self.canned_used, row.id]
        return rx.set_focus(REPLY_BODY)
