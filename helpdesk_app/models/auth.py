"""Server-side login sessions and failed-login records (for throttling)."""

from datetime import datetime

from sqlalchemy import Column, ForeignKey, Index, Integer
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import UTCDateTime, utcnow


class AuthSession(SQLModel, table=True):
    __tablename__ = "auth_sessions"

    id: int | None = Field(default=None, primary_key=True)
    # sha256 of the random token; the token itself is only ever in the client's hands.
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(
        sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False, index=True)
    )
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))


class LoginFailure(SQLModel, table=True):
    __tablename__ = "login_failures"
    __table_args__ = (
        Index("ix_login_failures_email_at", "email", "created_at"),
        Index("ix_login_failures_ip_at", "ip", "created_at"),
    )

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    ip: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))


class AccountToken(SQLModel, table=True):
    """A link mailed to someone: verify an address, or set a new password. Used once, then spent."""

    __tablename__ = "account_tokens"
    __table_args__ = (Index("ix_account_tokens_user_purpose", "user_id", "purpose"),)

    id: int | None = Field(default=None, primary_key=True)
    # sha256 of the 256-bit random token: the link holds the token, the database only its hash.
    token_hash: str = Field(max_length=64, unique=True)
    user_id: int = Field(sa_column=Column(Integer, ForeignKey("users.id", ondelete="CASCADE"), nullable=False))
    purpose: str = Field(max_length=16)  # verify | reset
    email: str = Field(max_length=254)  # the address it verifies (a changed one takes effect when verified)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
    expires_at: datetime = Field(sa_column=Column(UTCDateTime, nullable=False))
    used_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))


class ResetRequest(SQLModel, table=True):
    """A "forgot password" asked for an address (whether it has an account or not): the throttle counts them."""

    __tablename__ = "reset_requests"
    __table_args__ = (Index("ix_reset_requests_email_at", "email", "created_at"),)

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))
