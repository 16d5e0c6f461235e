"""One transaction per use case, with the domain events it recorded written to the outbox in it.

A use case is a service function decorated with `@use_case` (or a block in `transaction(session)`):
when the outermost one returns, its events become outbox rows and everything is committed
together; when it raises, everything is rolled back, its events are dropped (nothing is published
for a transaction that rolled back) and its clean-ups run (`on_rollback`: blobs written for rows
that will never exist). Use cases called inside another join it; only the outermost commits.
Routes and Reflex states call use cases and never commit.
"""

import functools
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import ParamSpec, TypeVar

from sqlalchemy import event
from sqlmodel import Session

from helpdesk_app.models import OutboxEntry
from helpdesk_app.services.common.events import DomainEvent, EventType

P = ParamSpec("P")
# What must be written in the same transaction as the events that caused it (the notifications of a
# reply): called with the session and the use case's events, just before they reach the outbox.
_BEFORE_COMMIT: list[Callable[[Session, list[DomainEvent]], None]] = []
T = TypeVar("T")
_DEPTH, _EVENTS, _UNDO, _WROTE, _HOOKED = "uow.depth", "uow.events", "uow.undo", "uow.wrote", "uow.hooked"


def _hook(session: Session) -> None:
    """Track, per session, whether a flush wrote something not yet committed."""
    if session.info.get(_HOOKED):
        return
    session.info[_HOOKED] = True
    event.listen(session, "after_flush", lambda s, _ctx: s.info.__setitem__(_WROTE, True))
    event.listen(session, "after_commit", lambda s: s.info.__setitem__(_WROTE, False))
    event.listen(session, "after_soft_rollback", lambda s, _tx: s.info.__setitem__(_WROTE, False))


def has_uncommitted_writes(session: Session) -> bool:
    """Whether the session holds writes no use case committed (a route that forgot one)."""
    return bool(session.new or session.dirty or session.deleted or session.info.get(_WROTE))


@contextmanager
def transaction(session: Session) -> Iterator[Session]:
    """The transaction of a use case; the outermost one commits (see the module's docstring)."""
    _hook(session)
    depth = session.info.get(_DEPTH, 0)
    session.info[_DEPTH] = depth + 1
    try:
        yield session
        if depth == 0:
            events = session.info.pop(_EVENTS, [])
            for write_with in _BEFORE_COMMIT:
                write_with(session, events)
            session.add_all(OutboxEntry(event=e.type.value, ticket_id=e.ticket_id, actor_id=e.actor_id,
                                        payload=e.payload) for e in events)
            session.commit()
    except BaseException:
        if depth == 0:
            session.rollback()
            session.info.pop(_EVENTS, None)
            for undo in reversed(session.info.pop(_UNDO, [])):
                undo()
        raise
    finally:
        session.info[_DEPTH] = depth
        if depth == 0:
            session.info.pop(_UNDO, None)


def before_commit(hook: Callable[[Session, list[DomainEvent]], None]) -> None:
    """Register `hook` to run in every use case that recorded events, before it commits (once per hook)."""
    if hook not in _BEFORE_COMMIT:
        _BEFORE_COMMIT.append(hook)


def use_case(fn: Callable[P, T]) -> Callable[P, T]:
    """Run the service function (whose first argument is the session) as one transaction."""
    @functools.wraps(fn)
    def run(session: Session, *args, **kwargs):
        with transaction(session):
            return fn(session, *args, **kwargs)
    return run


def record(session: Session, type: EventType, *, ticket_id: int | None = None, actor_id: int | None = None,
           **payload) -> None:
    """Note what happened; it reaches the outbox only if the use case commits."""
    if not session.info.get(_DEPTH):
        raise RuntimeError(f"{type} recorded outside a use case: nothing would ever write it")
    session.info.setdefault(_EVENTS, []).append(DomainEvent(type, ticket_id, actor_id, payload))


def pending_events(session: Session) -> list[DomainEvent]:
    """The events the open use case recorded so far (what a bulk action changed, for its summary)."""
    return list(session.info.get(_EVENTS, []))


def on_rollback(session: Session, undo: Callable[[], None]) -> None:
    """Run `undo` if the use case does not commit (it must not raise: it runs while an error propagates)."""
    if not session.info.get(_DEPTH):
        raise RuntimeError("on_rollback outside a use case")
    session.info.setdefault(_UNDO, []).append(undo)


def release_connection(session: Session) -> None:
    """Hand the connection back mid-use-case (before a slow upload streams in) by ending the read
    transaction. Only reads may have happened: writes come after the slow part, in the final commit."""
    if has_uncommitted_writes(session) or session.info.get(_EVENTS):
        raise RuntimeError("write the ticket or reply after the files are stored, not before")
    if session.in_transaction():
        session.commit()
