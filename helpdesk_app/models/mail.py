"""Outgoing mail: each row one message to one person, sent by the worker (services/mailing)."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, Index, Integer, Text
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import StrEnumType, UTCDateTime, utcnow


class MailKind(enum.StrEnum):
    notification = "notification"  # about a ticket: lists the notifications put in it
    verify_email = "verify_email"  # a link that verifies an address (sign-up, a changed address)
    reset_password = "reset_password"


class MailStatus(enum.StrEnum):
    pending = "pending"
    sent = "sent"
    failed = "failed"  # refused for good, or given up on; an admin can retry it


class Mail(SQLModel, table=True):
    __tablename__ = "mails"
    __table_args__ = (
        Index("ix_mails_due", "status", "available_at", "id"),
        # The batching window and the order per ticket: this person's mails about this ticket.
        Index("ix_mails_user_ticket", "user_id", "ticket_id", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    kind: MailKind = Field(sa_column=Column(StrEnumType(MailKind), nullable=False))
    # Not foreign keys: a mail's record outlives a deleted user or ticket.
    user_id: int | None = Field(default=None, sa_column=Column(Integer))
    ticket_id: int | None = Field(default=None, sa_column=Column(Integer))
    to_address: str = Field(max_length=254)
    # Made once, when the row is: the same across retries, so a mail sent twice is one to the mail client.
    message_id: str = Field(max_length=200, unique=True)
    payload: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    subject: str = Field(default="", max_length=300)  # as sent (filled in when rendered)
    status: MailStatus = Field(default=MailStatus.pending, sa_column=Column(StrEnumType(MailStatus), nullable=False))
    attempts: int = Field(default=0)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    available_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    leased_until: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    leased_by: str | None = Field(default=None, max_length=100)
    last_error: str | None = Field(default=None, sa_column=Column(Text))
    sent_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
