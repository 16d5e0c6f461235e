"""Plain display rows for the UI (the state holds these, never table objects)."""

import dataclasses
from datetime import UTC, datetime

from helpdesk_app.routes import ticket_url
from helpdesk_app.services.tags.names import DEFAULT_COLOR, PALETTE


def ago(when: datetime, now: datetime | None = None) -> str:
    seconds = int(((now or datetime.now(UTC)) - when).total_seconds())
    for unit, size in (("d", 86400), ("h", 3600), ("min", 60)):
        if seconds >= size:
            return f"{seconds // size} {unit} ago"
    return "just now"


def stamp(when: datetime) -> str:
    return when.strftime("%Y-%m-%d %H:%M UTC")


@dataclasses.dataclass
class TagChip:
    id: int = 0
    name: str = ""
    background: str = ""
    text: str = ""
    count: int = 0  # tickets carrying it (in suggestions)


def tag_chips(tags) -> list[TagChip]:
    """TagRefs (or TagPublics) as chips in their palette colours."""
    chips = []
    for t in tags:
        background, text = PALETTE.get(t.color, PALETTE[DEFAULT_COLOR])
        chips.append(TagChip(t.id, t.name, background, text, getattr(t, "ticket_count", 0)))
    return chips


@dataclasses.dataclass
class CannedRow:
    id: int = 0
    title: str = ""
    excerpt: str = ""  # the start of the body, on one line
    scope: str = ""
    usage: int = 0
    can_edit: bool = False
    preview: str = ""  # rendered for the ticket at hand (the composer's picker)


def canned_rows(items, *, is_admin: bool, previews: dict[int, str] | None = None) -> list[CannedRow]:
    rows = []
    for c in items:
        excerpt = " ".join(c.body.split())
        rows.append(CannedRow(c.id, c.title, excerpt[:140] + ("…" if len(excerpt) > 140 else ""), c.scope.value,
                              c.usage_count, is_admin or c.scope.value == "personal", (previews or {}).get(c.id, "")))
    return rows


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
    tags: list[TagChip] = dataclasses.field(default_factory=list)


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
    verified: bool = True


def file_icon(content_type: str) -> str:
    if content_type.startswith("image/"):
        return "file-image"
    if content_type in ("application/zip", "application/x-7z-compressed"):
        return "file-archive"
    if "spreadsheet" in content_type or "excel" in content_type or content_type == "text/csv":
        return "file-spreadsheet"
    return "file-text"


@dataclasses.dataclass
class NotificationRow:
    id: int = 0
    summary: str = ""
    ticket: str = ""  # "#1234 Subject"
    url: str = ""
    when: str = ""
    read: bool = False


def notification_rows(items) -> list[NotificationRow]:
    return [NotificationRow(n.id, n.summary, f"#{n.ticket_number} {n.ticket_subject}", ticket_url(n.ticket_id),
                            ago(n.created_at), n.read) for n in items]


def ticket_rows(items) -> list[TicketRow]:
    """The list's rows from TicketPublic items."""
    return [TicketRow(id=t.id, number=t.number, subject=t.subject, requester=t.requester.name, status=t.status.value,
                      priority=t.priority.value, assignee=t.assignee.name if t.assignee else "",
                      last_activity=ago(t.last_activity_at), last_activity_at=stamp(t.last_activity_at),
                      url=ticket_url(t.id), tags=tag_chips(t.tags)) for t in items]


@dataclasses.dataclass
class Piece:
    """A piece of a search snippet: its text, and whether it is a matching word (shown marked)."""

    text: str = ""
    hit: bool = False


@dataclasses.dataclass
class SearchRow:
    id: int = 0
    number: int = 0
    subject: str = ""
    url: str = ""
    status: str = ""
    requester: str = ""
    where: str = ""  # "Reply #2", "Internal note #3", "Subject", "File", ...
    snippet: list[Piece] = dataclasses.field(default_factory=list)


@dataclasses.dataclass
class ViewItem:
    id: int = 0
    name: str = ""
    scope: str = ""  # builtin, shared, personal
    count: str = ""  # "12", "10,000+"
    is_default: bool = False
