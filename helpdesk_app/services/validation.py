"""Small input checks shared by services; each returns a message or None."""

import re

EMAIL_RE = re.compile(r"^[^@\s]{1,64}@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 8


def normalize_email(email: str) -> str:
    return (email or "").strip().lower()


def email_error(email: str) -> str | None:
    if not email:
        return "Enter an email address."
    if len(email) > 254 or not EMAIL_RE.match(email):
        return "Enter a valid email address, like name@example.com."
    return None


def name_error(name: str) -> str | None:
    if not name.strip():
        return "Enter a name."
    if len(name) > 120:
        return "Use at most 120 characters."
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
    return None
