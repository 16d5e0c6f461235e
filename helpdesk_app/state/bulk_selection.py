"""Choosing rows of a list (or every ticket that matches) and changing them in one action.

The action runs as a background task: the service works in a thread, in one transaction, while
the task shows its progress once it has run for a second, then a summary, and reloads the list.
"""

import asyncio
import time

import reflex as rx

from helpdesk_app.services.bulk.actions import BulkChange, apply_change, chosen_ids
from helpdesk_app.services.common.errors import DomainError
from helpdesk_app.state.display import TicketRow

SHOW_PROGRESS_AFTER = 1.0  # seconds
DONE = {"status": "Set the status of", "priority": "Set the priority of", "assignee": "Assigned",
        "add_tag": "Tagged", "remove_tag": "Untagged", "watch": "Now watching", "unwatch": "Stopped watching"}


def change_for(field: str, value: str, me: int) -> BulkChange:
    if field in ("status", "priority"):
        return BulkChange(**{field: value})
    if field == "assignee":
        return BulkChange(assignee_id=None if value == "none" else me if value == "me" else int(value),
                          set_assignee=True)
    if field in ("add_tag", "remove_tag"):
        return BulkChange(add_tags=[value] if field == "add_tag" else [], remove_tags=[value] if field != "add_tag"
                          else [])
    return BulkChange(watch=field == "watch")


def _tickets(n: int) -> str:
    return f"{n:,} ticket" + ("" if n == 1 else "s")


class BulkSelection(rx.State, mixin=True):
    rows: list[TicketRow] = []
    selected: list[int] = []
    all_matching: bool = False  # every ticket the filter matches, not just the rows ticked
    bulk_busy: bool = False
    bulk_progress: int = -1  # percent once past a second; -1: not shown
    bulk_summary: str = ""
    bulk_error: str = ""
    bulk_tag: str = ""  # the tag the bar adds or removes

    @rx.var
    def selected_count(self) -> int:
        return self.total if self.all_matching else len(self.selected)

    @rx.var
    def page_selected(self) -> bool:
        return bool(self.rows) and all(r.id in self.selected for r in self.rows)

    def _keep_selection(self) -> None:
        on_page = {r.id for r in self.rows}
        self.selected = [i for i in self.selected if i in on_page]
        self.all_matching = False

    def _bulk_target(self) -> dict:
        """What "all matching" means for this list: chosen_ids' query and q."""
        raise NotImplementedError

    @rx.event
    def toggle_row(self, ticket_id: int, on: bool):
        self.all_matching = False
        self.selected = [i for i in self.selected if i != ticket_id] + ([ticket_id] if on else [])

    @rx.event
    def toggle_page(self, on: bool):
        self.all_matching = False
        self.selected = [r.id for r in self.rows] if on else []

    @rx.event
    def choose_all_matching(self):
        self.all_matching = True
        self.selected = [r.id for r in self.rows]

    @rx.event
    def set_bulk_tag(self, value: str):
        self.bulk_tag = value[:50]

    @rx.event
    def clear_selection(self):
        self.selected, self.all_matching = [], False

    @rx.event(background=True)
    async def run_bulk(self, field: str, value: str):
        async with self:
            if self.bulk_busy or not (self.selected or self.all_matching) or not value:
                return
            target = self._bulk_target() if self.all_matching else {"ids": list(self.selected), "query": None,
                                                                    "q": None}
            cookie, me = self.router.headers.cookie, self.user_id
            self.bulk_busy, self.bulk_progress, self.bulk_summary, self.bulk_error = True, -1, "", ""
        progress = {"done": 0, "total": 0}

        def work(session, actor):
            try:
                ids = chosen_ids(session, actor, **target)
                progress["total"] = len(ids)
                return apply_change(session, actor=actor, ticket_ids=ids, change=change_for(field, value, me),
                                    progress=lambda done, total: progress.update(done=done, total=total)), ""
            except (DomainError, ValueError) as e:
                return None, getattr(e, "message", None) or "That change cannot be made."
        job = asyncio.create_task(self._off_loop(cookie, work))
        started = time.monotonic()
        while not job.done():
            await asyncio.sleep(0.2)
            if time.monotonic() - started > SHOW_PROGRESS_AFTER and progress["total"]:
                async with self:
                    self.bulk_progress = progress["done"] * 100 // progress["total"]
        _, outcome = await job
        result, error = outcome if outcome is not None else (None, "Sign in again to do that.")
        async with self:
            self.bulk_busy, self.bulk_progress = False, -1
            if result is None:
                self.bulk_error = error
                return
            unchanged = result.matched - result.changed
            self.bulk_summary = f"{DONE.get(field, 'Changed')} {_tickets(result.matched)}" + (
                f" ({unchanged:,} already so)." if unchanged else ".")
            self.selected, self.all_matching = [], False
            await self._reload()
