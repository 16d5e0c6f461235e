"""Canned replies: texts agents insert into the composer, their own (personal) or everyone's (shared)."""

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import UTCDateTime, utcnow

CANNED_TITLE_MAX = 120
CANNED_BODY_MAX = 20_000


class CannedScope(enum.StrEnum):
    personal = "personal"
    shared = "shared"


class CannedReply(SQLModel, table=True):
    __tablename__ = "canned_replies"
    # What the picker and the page read: an agent's own, then the shared ones (owner_id NULL), by title.
    __table_args__ = (Index("ix_canned_replies_owner_title", "owner_id", "title", "id"),)

    id: int | None = Field(default=None, primary_key=True)
    title: str = Field(max_length=CANNED_TITLE_MAX)
    body: str = Field(sa_column=Column(Text, nullable=False))
    # Its agent for a personal one; NULL for a shared one.
    owner_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE")))
    usage_count: int = Field(default=0)
    created_by_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class CannedReplyPublic(SQLModel):
    id: int
    title: str
    body: str
    scope: CannedScope
    usage_count: int
    created_at: datetime
    updated_at: datetime
