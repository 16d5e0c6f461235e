"""Saved views: a ticket list's filter and sort under a name, an agent's own or shared by admins."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer, String
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import UTCDateTime, utcnow

VIEW_NAME_MAX = 80


class ViewScope(enum.StrEnum):
    builtin = "builtin"  # the five every agent starts with: shared, not deletable
    shared = "shared"  # made by admins, everyone's
    personal = "personal"  # an agent's own


class SavedView(SQLModel, table=True):
    __tablename__ = "saved_views"
    # The left column reads the shared ones (owner_id NULL) and the caller's, in order.
    __table_args__ = (Index("ix_saved_views_owner_position", "owner_id", "position", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=VIEW_NAME_MAX)
    # Its agent for a personal view; NULL for a shared or built-in one.
    owner_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE")))
    # Which built-in view this is ("mine", "unassigned", ...); NULL for the others.
    builtin: str | None = Field(default=None, sa_column=Column(String(32), unique=True))
    # The list's query as services/tickets/query.as_filter spells it: {"status": "open,pending", ...}.
    filter: dict = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    position: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class DefaultView(SQLModel, table=True):
    """The view an agent's /tickets opens with."""

    __tablename__ = "default_views"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))
    view_id: int = Field(sa_column=Column(Integer, ForeignKey("saved_views.id", ondelete="CASCADE"), nullable=False))


class ViewPublic(SQLModel):
    id: int
    name: str
    scope: ViewScope
    filter: dict
    position: int
    is_default: bool
    created_at: datetime
    updated_at: datetime
