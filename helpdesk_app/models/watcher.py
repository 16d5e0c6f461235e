"""Watchers: agents following a ticket, told of what happens on it (services/watchers)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import UTCDateTime, utcnow


class TicketWatcher(SQLModel, table=True):
    __tablename__ = "ticket_watchers"
    # The primary key serves "who watches this ticket"; this index "the tickets I watch" (the list's filter).
    __table_args__ = (Index("ix_ticket_watchers_user_ticket", "user_id", "ticket_id"),)

    ticket_id: int = Field(sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True))
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))
    added_by_id: int | None = Field(default=None, sa_column=Column(Integer))  # None: made a watcher by what they did
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class WatcherPublic(SQLModel):
    id: int  # the user's
    name: str
    email: str
    since: datetime
