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
    # None until the owner follows the link mailed to the address: until then a customer sees only the
    # tickets they opened on the web, never those mailed in from the address (services/identity/access.py).
    email_verified_at: datetime | None = Field(default=None, sa_column=Column(UTCDateTime))

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None

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
    email_verified: bool = False


class UserRef(SQLModel):
    """A user as named inside a ticket or reply."""

    id: int
    name: str
    role: Role
