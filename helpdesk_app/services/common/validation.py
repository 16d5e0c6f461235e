"""Small input checks shared by services; each returns a message or None."""

import re

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8
# Far below where a page's OFFSET would overflow a 64-bit integer (an error on SQLite and PostgreSQL).
MAX_PAGE = 1_000_000_000
# Ids are INTEGER columns: 32 bits on PostgreSQL. A larger id names nothing (and would be a database error).
MAX_ID = 2**31 - 1


def valid_id(value: int) -> bool:
    return 1 <= value <= MAX_ID


def storable(text: str) -> bool:
    """PostgreSQL text cannot hold NUL characters; refuse them on every backend alike."""
    return "\x00" not in text


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_error(email: str) -> str | None:
    if not email:
        return "Enter an email address."
    if len(email) > 254 or not EMAIL_RE.match(email) or not storable(email):
        return "Enter a valid email address, like name@example.com."
    return None


def name_error(name: str) -> str | None:
    if not name.strip():
        return "Enter a name."
    if len(name) > 120:
        return "Use at most 120 characters."
    if not storable(name):
        return "Remove the NUL character."
    return None


def password_error(password: str) -> str | None:
    if len(password or "") < MIN_PASSWORD:
        return f"Use at least {MIN_PASSWORD} characters."
    if len(password) > 1024:
        return "Use at most 1024 characters."
    return None


def text_error(value: str, *, label: str, max_length: int) -> str | None:
    if not (value or "").strip():
        return f"Enter {label}."
    if len(value) > max_length:
        return f"Use at most {max_length} characters."
    if not storable(value):
        return "Remove the NUL character."
    return None


def paging_error(page: int, per_page: int, *, max_per_page: int = 100) -> str | None:
    if not 1 <= page <= MAX_PAGE or not 1 <= per_page <= max_per_page:
        return f"Use page between 1 and {MAX_PAGE} and per_page between 1 and {max_per_page}."
    return None
