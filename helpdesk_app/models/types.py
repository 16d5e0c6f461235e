"""Column types shared by the tables."""

import enum
from datetime import UTC, datetime

from sqlalchemy import DateTime, SmallInteger, String, TypeDecorator


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """Timezone-aware UTC datetimes on every backend (SQLite forgets the zone)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime; use timezone-aware UTC")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value, dialect):
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class StrEnumType(TypeDecorator):
    """Stores a str Enum by value in a VARCHAR (no native enums to migrate)."""

    impl = String(16)
    cache_ok = True

    def __init__(self, enum_cls: type[enum.Enum], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enum_cls = enum_cls

    def process_bind_param(self, value, dialect):
        return None if value is None else self.enum_cls(value).value

    def process_result_value(self, value, dialect):
        return None if value is None else self.enum_cls(value)


class RankedEnumType(TypeDecorator):
    """Stores an Enum as its position in the class, so sorting follows the rank."""

    impl = SmallInteger
    cache_ok = True

    def __init__(self, enum_cls: type[enum.Enum], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.enum_cls = enum_cls
        self.members = list(enum_cls)

    def process_bind_param(self, value, dialect):
        return None if value is None else self.members.index(self.enum_cls(value))

    def process_result_value(self, value, dialect):
        return None if value is None else self.members[value]
