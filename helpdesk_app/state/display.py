"""Plain display rows for the UI (the state holds these, never table objects)."""

import dataclasses
from datetime import UTC, datetime


def ago(when: datetime, now: datetime | None = None) -> str:
    seconds = int(((now or datetime.now(UTC)) - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


@dataclasses.dataclass
class TicketRow:
    id: int = 0
    number: int = 0
    subject: str = ""
    requester: str = ""
    status: str = ""
    priority: str = ""
    assignee: str = ""
    last_activity: str = ""
    last_activity_at: str = ""
    url: str = ""


@dataclasses.dataclass
class AttachmentRow:
    id: int = 0
    filename: str = ""
    size_label: str = ""
    content_type: str = ""
    icon: str = "file"
    uploader: str = ""
    when: str = ""
    when_ago: str = ""
    download_url: str = ""
    preview_url: str = ""  # empty unless the browser may show it inline (images, PDF)
    thumbnail_url: str = ""  # a small WebP made by the server, for images
    is_image: bool = False
    can_delete: bool = False
    deleted: bool = False


@dataclasses.dataclass
class ThreadRow:
    reply_id: int = 0
    key: str = ""
    kind: str = ""  # reply, note or event
    author: str = ""
    author_role: str = ""
    body: str = ""
    when: str = ""
    when_ago: str = ""
    files: list[AttachmentRow] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class Option:
    value: str = ""
    label: str = ""


@dataclasses.dataclass
class UserRow:
    id: int = 0
    name: str = ""
    email: str = ""
    role: str = ""
    is_active: bool = True
    created: str = ""


def file_icon(content_type: str) -> str:
    if content_type.startswith("image/"):
        return "file-image"
    if content_type in ("application/zip", "application/x-7z-compressed"):
        return "file-archive"
    if "spreadsheet" in content_type or "excel" in content_type or content_type == "text/csv":
        return "file-spreadsheet"
    return "file-text"
