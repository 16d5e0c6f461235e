"""The outbox: what happened, written in the transaction that made it happen, for the worker to deliver."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Integer, Text
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import StrEnumType, UTCDateTime, utcnow


class OutboxStatus(enum.StrEnum):
    pending = "pending"  # to deliver (again, after a failure, once `available_at` has come)
    done = "done"  # every consumer took it
    failed = "failed"  # gave up after the last attempt; an admin can retry it


class OutboxEntry(SQLModel, table=True):
    __tablename__ = "outbox"
    __table_args__ = (
        # What the worker claims next: pending, due, oldest first.
        Index("ix_outbox_due", "status", "available_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    event: str = Field(max_length=64)  # services.common.events.EventType
    # Not foreign keys: an event outlives nothing it names, and the outbox must never block a delete.
    ticket_id: int | None = Field(default=None, sa_column=Column(Integer))
    actor_id: int | None = Field(default=None, sa_column=Column(Integer))
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    status: OutboxStatus = Field(
        default=OutboxStatus.pending, sa_column=Column(StrEnumType(OutboxStatus), nullable=False)
    )
    attempts: int = Field(default=0)
    available_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    # A worker's claim: until then no other worker takes the entry; after it, a crashed worker's entry is taken again.
    leased_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    leased_by: str | None = Field(default=None, max_length=100)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    done_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
