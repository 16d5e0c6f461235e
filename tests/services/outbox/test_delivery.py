"""Delivering the outbox: each entry to its consumers, at least once; leases, retries with backoff,
the failed state, and several workers never taking the same entry at once."""

import threading
from datetime import timedelta

import pytest
from sqlmodel import Session, select

from helpdesk_app.models import OutboxEntry, OutboxStatus, utcnow
from helpdesk_app.services.common import unit_of_work as uow
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.outbox import admin, delivery
from helpdesk_app.services.outbox.delivery import Consumer, Settings


@pytest.fixture
def sessions(clean_db):
    return lambda: Session(clean_db, expire_on_commit=False)


def _events(db, count: int, event: EventType = EventType.reply_added) -> list[int]:
    with uow.transaction(db):
        for i in range(count):
            uow.record(db, event, ticket_id=i + 1, reply_id=i + 1)
    return [e.id for e in db.exec(select(OutboxEntry).order_by(OutboxEntry.id)).all()]


def _entry(db, entry_id: int) -> OutboxEntry:
    db.expire_all()
    return db.get(OutboxEntry, entry_id)


def test_each_entry_reaches_its_consumers_once_and_is_done(db, sessions):
    ids = _events(db, 3) + _events(db, 1, EventType.user_created)[-1:]
    seen = []
    consumers = {"reply.added": [Consumer("a", lambda s, e: seen.append(("a", e.id))),
                                 Consumer("b", lambda s, e: seen.append(("b", e.id)))]}
    assert delivery.deliver(sessions, consumers, Settings(worker="w1")) == 4
    assert seen == [(name, i) for i in ids[:3] for name in ("a", "b")]
    for entry_id in ids:  # user.created has no consumer yet: delivered to nobody, done all the same
        entry = _entry(db, entry_id)
        assert (entry.status, entry.attempts, entry.leased_by, entry.last_error) == (OutboxStatus.done, 1, None, None)
    assert delivery.deliver(sessions, consumers, Settings(worker="w1")) == 0


def test_a_failing_consumer_is_retried_with_backoff_then_the_entry_fails(db, sessions):
    [entry_id] = _events(db, 1)
    calls = []

    def flaky(session, entry):
        calls.append(entry.attempts)
        raise OSError("storage is down")
    consumers = {"reply.added": [Consumer("thumbnails", flaky)]}
    settings = Settings(worker="w1", max_attempts=3)
    assert delivery.deliver(sessions, consumers, settings) == 1
    entry = _entry(db, entry_id)
    assert (entry.status, entry.attempts, entry.last_error) == (OutboxStatus.pending, 1,
                                                                "thumbnails: OSError: storage is down")
    assert entry.available_at - utcnow() > timedelta(seconds=3)  # not again at once
    assert delivery.deliver(sessions, consumers, settings) == 0  # not yet due
    for _ in range(2):
        db.exec(OutboxEntry.__table__.update().values(available_at=utcnow()))
        db.commit()
        delivery.deliver(sessions, consumers, settings)
    entry = _entry(db, entry_id)
    assert (entry.status, entry.attempts, calls) == (OutboxStatus.failed, 3, [1, 2, 3])
    assert [e.id for e in admin.entries(db, status=OutboxStatus.failed)] == [entry_id]

    assert admin.retry(db, ids=[entry_id]) == 1  # an admin retries it: due again, attempts from zero
    consumers = {"reply.added": [Consumer("thumbnails", lambda s, e: None)]}
    assert delivery.deliver(sessions, consumers, settings) == 1
    assert (_entry(db, entry_id).status, _entry(db, entry_id).attempts) == (OutboxStatus.done, 1)


def test_the_backoff_doubles_up_to_an_hour():
    assert [delivery.backoff(n).total_seconds() for n in (1, 2, 3, 4)] == [5, 10, 20, 40]
    assert delivery.backoff(30) == timedelta(hours=1)


def test_a_crashed_workers_entries_are_taken_again_when_its_lease_runs_out(db, sessions):
    [entry_id] = _events(db, 1)
    lease = timedelta(minutes=5)
    with sessions() as session:  # worker A claims, then dies before settling
        [claimed] = delivery.claim(session, Settings(worker="A", lease=lease))
    with sessions() as session:
        assert delivery.claim(session, Settings(worker="B", lease=lease)) == []  # still leased to A
    with sessions() as session:
        [again] = delivery.claim(session, Settings(worker="B", lease=lease), now=utcnow() + lease + timedelta(1))
    assert (again.id, again.leased_by, again.attempts) == (entry_id, "B", 2)
    with sessions() as session:  # A comes back late: its word no longer counts
        assert delivery._settle(session, claimed, Settings(worker="A"), status=OutboxStatus.done) is False
    assert _entry(db, entry_id).leased_by == "B"


def test_several_workers_never_take_the_same_entry(db, clean_db):
    ids = set(_events(db, 60))
    taken: dict[str, list[int]] = {"w1": [], "w2": [], "w3": []}
    start = threading.Barrier(len(taken))

    def work(name: str) -> None:
        start.wait()
        with Session(clean_db) as session:
            while claimed := delivery.claim(session, Settings(worker=name, batch=4)):
                taken[name] += [e.id for e in claimed]
    threads = [threading.Thread(target=work, args=(name,)) for name in taken]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    everything = [i for got in taken.values() for i in got]
    assert sorted(everything) == sorted(ids)  # each entry once, none twice
    assert len(set(everything)) == len(everything)


def test_old_delivered_entries_are_purged(db, sessions):
    ids = _events(db, 2)
    delivery.deliver(sessions, {}, Settings(worker="w1"))
    assert admin.purge_done(db, done_before=utcnow() - timedelta(days=1)) == 0
    assert admin.purge_done(db, done_before=utcnow() + timedelta(seconds=1)) == 2
    assert all(_entry(db, i) is None for i in ids)
    assert admin.counts(db) == {"pending": 0, "done": 0, "failed": 0}
