"""Notifications (in the app, and by mail through `mails`) and what each person wants of them."""

import enum
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import StrEnumType, UTCDateTime, utcnow


class NotificationKind(enum.StrEnum):
    """What a person is told of; each can be on or off, in the app and by mail (the preferences)."""

    new_ticket = "new_ticket"  # to agents who opted in; to the requester it is the receipt
    reply = "reply"  # a public reply
    note = "note"  # an internal note (agents only, ever)
    status = "status"
    assigned = "assigned"
    attachment = "attachment"  # files added without a reply


class EmailState(enum.StrEnum):
    none = "none"  # not to be mailed
    pending = "pending"  # to be put in a mail by the worker
    queued = "queued"  # in a mail (mail_id), which says how it went


class Notification(SQLModel, table=True):
    __tablename__ = "notifications"
    __table_args__ = (
        # The bell's count and the list: a person's unread ones, newest first.
        Index("ix_notifications_user_unread", "user_id", "in_app", "read_at", "id"),
        # What the worker puts in mails next.
        Index("ix_notifications_email_pending", "email_state", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    ticket_id: int = Field(sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False))
    kind: NotificationKind = Field(sa_column=Column(StrEnumType(NotificationKind), nullable=False))
    actor_id: int | None = Field(default=None, sa_column=Column(Integer))
    reply_id: int | None = Field(default=None, sa_column=Column(Integer))
    detail: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))  # old, new, files
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    in_app: bool = Field(default=True)  # shown by the bell (False: by mail only)
    read_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    email_state: EmailState = Field(default=EmailState.none, sa_column=Column(StrEnumType(EmailState), nullable=False))
    mail_id: int | None = Field(default=None, sa_column=Column(Integer, index=True))


class NotificationPreference(SQLModel, table=True):
    """One person's choices; no row means the defaults (services/notifications/preferences.py)."""

    __tablename__ = "notification_preferences"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))
    # {"reply": {"app": true, "email": false}, ...}: only what differs from the defaults.
    channels: dict[str, Any] = Field(default_factory=dict, sa_column=Column(JSON, nullable=False))
    auto_watch: bool = Field(default=True)  # agents: watch what they reply to, note on or are assigned
    updated_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class TicketMute(SQLModel, table=True):
    """A ticket one person hears nothing more about."""

    __tablename__ = "ticket_mutes"

    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), primary_key=True))
    ticket_id: int = Field(sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), primary_key=True))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class NotificationPublic(SQLModel):
    id: int
    kind: NotificationKind
    ticket_id: int
    ticket_number: int
    ticket_subject: str
    actor_name: str | None
    summary: str  # what happened, in a line
    created_at: datetime
    read: bool
