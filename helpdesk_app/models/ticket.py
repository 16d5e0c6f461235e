"""Tickets: what a customer asked for and where it stands."""

import enum
from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import RankedEnumType, StrEnumType, UTCDateTime, utcnow
from helpdesk_app.models.tag import TagRef
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


class TicketSource(enum.StrEnum):
    web = "web"
    mail = "mail"


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
        Index("ix_tickets_unanswered", "first_response_at", "last_activity_at", "id"),
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
    # How it came in: web (the UI or the API) or mail. A mailed-in ticket is hidden from an unverified account.
    source: TicketSource = Field(default=TicketSource.web, sa_column=Column(StrEnumType(TicketSource), nullable=False))
    # When an agent first replied in public (None: unanswered), kept by the reply service for the filter.
    first_response_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class TicketNumberCounter(SQLModel, table=True):
    """One row holding the last ticket number handed out (atomic on every backend)."""

    __tablename__ = "ticket_number_counter"

    id: int = Field(default=1, primary_key=True)
    last_number: int = Field(default=1000)


SUBJECT_MAX = 200
DESCRIPTION_MAX = 50_000
# What the services accept of a text (common.validation.text_error), written into the API's document
# (its validation stays in the services, whose messages people see): some non-space, no NUL. White
# space is spelled out as Python's str.strip() knows it: a pattern's \s means less to some readers.
WHITE_SPACE = r"\t\n\x0b\x0c\r\x1c-\x20\x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"
NOT_BLANK = rf"^[^\x00]*[^{WHITE_SPACE}\x00][^\x00]*$"
AN_ID = {"minimum": 1, "maximum": 2**31 - 1}


def documented(strict: bool = False, **schema) -> dict:
    """A field's constraints in the OpenAPI document only (see NOT_BLANK); `strict`: no coercion (a JSON
    string is not an integer)."""
    return {"schema_extra": {"json_schema_extra": schema, **({"strict": True} if strict else {})}}


class TicketCreate(SQLModel):
    subject: str = Field(**documented(minLength=1, maxLength=SUBJECT_MAX, pattern=NOT_BLANK))
    description: str = Field(**documented(minLength=1, maxLength=DESCRIPTION_MAX, pattern=NOT_BLANK))
    priority: TicketPriority = TicketPriority.normal
    # Agents may open a ticket for a customer: an active user's id.
    requester_id: int | None = Field(default=None, **documented(strict=True, **AN_ID))


def _not_null(*names: str):
    """Drop `null` from these fields' documented types: sent as null they are refused (omit them instead)."""
    def edit(schema: dict) -> None:
        for name in names:
            prop = schema["properties"][name]
            prop["anyOf"] = [choice for choice in prop["anyOf"] if choice.get("type") != "null"]
            prop.pop("default", None)
    return edit


class TicketUpdate(SQLModel):
    model_config = {"json_schema_extra": _not_null("status", "priority")}

    status: TicketStatus | None = None
    priority: TicketPriority | None = None
    # Only fields the caller set are applied (model_fields_set), so null unassigns; else an active agent's id.
    assignee_id: int | None = Field(default=None, **documented(strict=True, **AN_ID))


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
    tags: list[TagRef] = Field(default_factory=list,
                               description="Internal: filled for agents, always empty for customers.")
