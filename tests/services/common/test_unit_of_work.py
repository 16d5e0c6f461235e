"""A use case is one transaction: its rows and its events (as outbox rows) commit together, or nothing does."""

import pytest
from sqlalchemy.exc import IntegrityError
from sqlmodel import select

from helpdesk_app.models import OutboxEntry, Role, Ticket, TicketCreate, User
from helpdesk_app.services import tickets
from helpdesk_app.services.common import unit_of_work as uow
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.identity import users


def _outbox(db) -> list[OutboxEntry]:
    db.expire_all()
    return list(db.exec(select(OutboxEntry).order_by(OutboxEntry.id)).all())


def test_it_commits_the_rows_and_their_events_together(db, clean_db, agent):
    with uow.transaction(db):
        db.add(User(email="new@example.com", name="New", role=Role.customer, password_hash="x"))
        uow.record(db, EventType.user_created, actor_id=agent.id, user_id=0)
    with clean_db.connect() as other:  # another connection sees both: they were committed
        assert other.execute(select(User.id).where(User.email == "new@example.com")).first() is not None
        assert [row.event for row in other.execute(select(OutboxEntry.event))] == ["user.created"]


def test_a_use_case_that_raises_keeps_nothing_and_publishes_nothing(db, agent):
    undone = []
    with pytest.raises(RuntimeError), uow.transaction(db):
        db.add(User(email="gone@example.com", name="Gone", role=Role.customer, password_hash="x"))
        db.flush()
        uow.record(db, EventType.user_created, user_id=1)
        uow.on_rollback(db, lambda: undone.append("blob removed"))
        raise RuntimeError("storage failed")
    assert undone == ["blob removed"]
    assert db.exec(select(User).where(User.email == "gone@example.com")).first() is None
    assert _outbox(db) == []


def test_a_failed_commit_runs_the_clean_ups_too(db, agent):
    undone = []
    with pytest.raises(IntegrityError), uow.transaction(db):
        db.add(User(email=agent.email, name="Twin", role=Role.customer, password_hash="x"))  # unique email
        uow.on_rollback(db, lambda: undone.append("cleaned"))
    assert undone == ["cleaned"]
    assert _outbox(db) == []


def test_nested_use_cases_join_the_outermost_which_alone_commits(db, clean_db, customer):
    with uow.transaction(db):
        ticket = tickets.create_ticket(db, actor=customer, data=TicketCreate(subject="Printer", description="Smoke"))
        with clean_db.connect() as other:  # the inner use case did not commit
            assert other.execute(select(Ticket.id).where(Ticket.id == ticket.id)).first() is None
        uow.record(db, EventType.user_changed, user_id=customer.id)
    assert [e.event for e in _outbox(db)] == ["ticket.created", "user.changed"]


def test_a_service_error_leaves_no_outbox_row(db, customer):
    with pytest.raises(InvalidInput):
        tickets.create_ticket(db, actor=customer, data=TicketCreate(subject=" ", description="x"))
    assert _outbox(db) == []


def test_recording_outside_a_use_case_is_a_programming_error(db):
    with pytest.raises(RuntimeError, match="outside a use case"):
        uow.record(db, EventType.user_created, user_id=1)
    with pytest.raises(RuntimeError, match="outside a use case"):
        uow.on_rollback(db, lambda: None)


def test_the_connection_is_only_released_before_any_write(db, customer):
    with uow.transaction(db):
        db.exec(select(User)).all()
        uow.release_connection(db)  # reads only: fine
        assert not db.in_transaction()
        db.add(User(email="w@example.com", name="W", role=Role.customer, password_hash="x"))
        db.flush()
        with pytest.raises(RuntimeError, match="after the files are stored"):
            uow.release_connection(db)
        db.rollback()


def test_register_user_is_a_use_case_of_its_own(db, clean_db):
    user = users.register_user(db, email="solo@example.com", name="Solo", password="long enough", role="agent")
    with clean_db.connect() as other:
        assert other.execute(select(User.id).where(User.id == user.id)).first() is not None
    assert [(e.event, e.payload) for e in _outbox(db)] == [("user.created", {"user_id": user.id, "role": "agent"})]
