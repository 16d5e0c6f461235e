"""Files attached to a ticket or to one of its replies."""

import enum
from datetime import datetime

from sqlalchemy import BigInteger, Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import StrEnumType, UTCDateTime, utcnow
from helpdesk_app.models.user import UserRef


class ScanStatus(enum.StrEnum):
    clean = "clean"  # scanned by clamd, nothing found (infected files are never stored)
    skipped = "skipped"  # scanning is off


class Attachment(SQLModel, table=True):
    __tablename__ = "attachments"
    __table_args__ = (
        Index("ix_attachments_ticket", "ticket_id", "deleted_at", "id"),
        Index("ix_attachments_reply", "reply_id", "deleted_at", "id"),
        Index("ix_attachments_deleted", "deleted_at", "purged_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(
        sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False)
    )
    reply_id: int | None = Field(
        default=None, sa_column=Column(Integer, ForeignKey("replies.id", ondelete="CASCADE"))
    )
    filename: str = Field(max_length=255)  # sanitized for display; never used as a path
    content_type: str = Field(max_length=127)
    size: int = Field(sa_column=Column(BigInteger, nullable=False))
    sha256: str = Field(max_length=64)
    storage_key: str = Field(max_length=200, unique=True)
    uploaded_by_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id"), nullable=False))
    scan_status: ScanStatus = Field(sa_column=Column(StrEnumType(ScanStatus), nullable=False))
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    deleted_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))
    deleted_by_id: int | None = Field(default=None, sa_column=Column(Integer, ForeignKey("users.id")))
    purged_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))  # bytes removed


class AttachmentPublic(SQLModel):
    id: int
    ticket_id: int
    reply_id: int | None
    filename: str
    content_type: str
    size: int
    sha256: str
    uploaded_by: UserRef
    created_at: datetime
    scan_status: ScanStatus
    download_url: str
    deleted_at: datetime | None = None  # only admins ever see deleted attachments
