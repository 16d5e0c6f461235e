"""Tags: internal labels agents put on tickets (never shown to customers)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import UTCDateTime, utcnow

TAG_NAME_MAX = 50
TAG_DESCRIPTION_MAX = 200


class Tag(SQLModel, table=True):
    __tablename__ = "tags"

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=TAG_NAME_MAX)
    # The name case-folded: "billing" finds "Billing", and no two tags share one. Longer than the
    # name, as folding can lengthen it ("ß" is "ss").
    name_key: str = Field(max_length=4 * TAG_NAME_MAX, unique=True)
    color: str = Field(default="gray", max_length=16)
    description: str | None = Field(default=None, max_length=TAG_DESCRIPTION_MAX)
    # Kept by every add and remove in their transaction: autocomplete and the admin list read it
    # instead of counting a quarter of a million rows.
    ticket_count: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class TicketTag(SQLModel, table=True):
    __tablename__ = "ticket_tags"
    # The primary key serves "this ticket's tags"; this index "the tickets with this tag" (the filters).
    __table_args__ = (Index("ix_ticket_tags_tag_ticket", "tag_id", "ticket_id"),)

    ticket_id: int = Field(sa_column=Column(
        Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True))
    tag_id: int = Field(sa_column=Column(Integer, ForeignKey("tags.id", ondelete="CASCADE"), primary_key=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class TagPublic(SQLModel):
    id: int
    name: str
    color: str
    description: str | None
    ticket_count: int


class TagRef(SQLModel):
    """A tag as shown on a ticket."""

    id: int
    name: str
    color: str
