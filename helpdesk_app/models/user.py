"""Users and their roles."""

import enum
from datetime import datetime

from sqlalchemy import Column
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import StrEnumType, UTCDateTime, utcnow


class Role(enum.StrEnum):
    admin = "admin"
    agent = "agent"
    customer = "customer"


class User(SQLModel, table=True):
    __tablename__ = "users"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(max_length=254, unique=True, index=True)
    name: str = Field(max_length=120)
    role: Role = Field(sa_column=Column(StrEnumType(Role), nullable=False, index=True))
    is_active: bool = Field(default=True)
    password_hash: str = Field(max_length=255)
    created_at: datetime = Field(default_factory=utcnow, sa_column=Column(UTCDateTime, nullable=False))

    @property
    def is_staff(self) -> bool:
        return self.role in (Role.admin, Role.agent)


class UserPublic(SQLModel):
    """What the API and the UI may show of a user: never the password hash."""

    id: int
    email: str
    name: str
    role: Role
    is_active: bool
    created_at: datetime


class UserRef(SQLModel):
    """A user as named inside a ticket or reply."""

    id: int
    name: str
    role: Role
