"""Tickets: what a customer asked for and where it stands."""

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import RankedEnumType, StrEnumType, UTCDateTime, utcnow
from helpdesk_app.models.user import UserRef


class TicketStatus(enum.StrEnum):
    new = "new"
    open = "open"
    pending = "pending"
    resolved = "resolved"
    closed = "closed"


class TicketPriority(enum.StrEnum):
    # Order matters: stored as the rank, so sorting by priority is an index scan.
    low = "low"
    normal = "normal"
    high = "high"
    urgent = "urgent"


class Ticket(SQLModel, table=True):
    __tablename__ = "tickets"
    # The list's filters and sorts walk these in order (see services/ticket_list.py and
    # docs/performance.md): each is an equality prefix, then the sort column, then id.
    __table_args__ = (
        Index("ix_tickets_last_activity", "last_activity_at", "id"),
        Index("ix_tickets_status_activity", "status", "last_activity_at", "id"),
        Index("ix_tickets_status_assignee_activity", "status", "assignee_id", "last_activity_at", "id"),
        Index("ix_tickets_status_priority_activity", "status", "priority", "last_activity_at", "id"),
        Index("ix_tickets_assignee_activity", "assignee_id", "last_activity_at", "id"),
        Index("ix_tickets_requester_activity", "requester_id", "last_activity_at", "id"),
        Index("ix_tickets_requester_status_activity", "requester_id", "status", "last_activity_at", "id"),
        Index("ix_tickets_priority_activity", "priority", "last_activity_at", "id"),
        Index("ix_tickets_priority", "priority", "id"),  # sort=priority (ties by id)
        Index("ix_tickets_created", "created_at", "id"),
        Index("ix_tickets_updated", "updated_at", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    number: int = Field(unique=True)
    subject: str = Field(max_length=200)
    description: str
    status: TicketStatus = Field(
        default=TicketStatus.new, sa_column=Column(StrEnumType(TicketStatus), nullable=False)
    )
    priority: TicketPriority = Field(
        default=TicketPriority.normal, sa_column=Column(RankedEnumType(TicketPriority), nullable=False)
    )
    requester_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    assignee_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("users.id")))
    created_by_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    last_activity_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class TicketNumberCounter(SQLModel, table=True):
    """One row holding the last ticket number handed out (atomic on every backend)."""

    __tablename__ = "ticket_number_counter"

    id: int = Field(default=1, primary_key=True)
    last_number: int = Field(default=1000)


class TicketCreate(SQLModel):
    subject: str
    description: str
    priority: TicketPriority = TicketPriority.normal
    requester_id: int | None = None  # agents may open a ticket for a customer


class TicketUpdate(SQLModel):
    status: TicketStatus | None = None
    priority: TicketPriority | None = None
    # Only fields the caller set are applied (model_fields_set), so null unassigns.
    assignee_id: int | None = None


class TicketPublic(SQLModel):
    id: int
    number: int
    subject: str
    description: str
    status: TicketStatus
    priority: TicketPriority
    requester: UserRef
    assignee: UserRef | None
    created_at: datetime
    updated_at: datetime
    last_activity_at: datetime
