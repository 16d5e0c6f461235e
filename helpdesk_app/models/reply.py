"""Replies (public) and internal notes, and the history events of a ticket."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import UTCDateTime, utcnow
from helpdesk_app.models.user import UserRef


class Reply(SQLModel, table=True):
    __tablename__ = "replies"
    __table_args__ = (Index("ix_replies_ticket_created", "ticket_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    )
    author_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    body: str
    internal: bool = Field(default=False)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class TicketEvent(SQLModel, table=True):
    """One change of status, priority or assignee: who, when, from, to."""

    __tablename__ = "ticket_events"
    __table_args__ = (Index("ix_ticket_events_ticket_created", "ticket_id", "created_at", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    )
    actor_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    field: str = Field(max_length=32)
    old_value: str | None = Field(default=None, max_length=200)
    new_value: str | None = Field(default=None, max_length=200)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class ReplyPublic(SQLModel):
    id: int
    ticket_id: int
    author: UserRef
    body: str
    internal: bool
    created_at: datetime


class TicketEventPublic(SQLModel):
    id: int
    ticket_id: int
    actor: UserRef
    field: str
    old_value: str | None
    new_value: str | None
    created_at: datetime
