"""What a tag's name may be, how it is tidied, and the colours a tag may have."""

import re
import unicodedata

from helpdesk_app.models.tag import TAG_DESCRIPTION_MAX, TAG_NAME_MAX

# Each colour: a background and the text on it, at least 4.5:1 apart (WCAG AA for small text;
# tests/services/tags/test_tag_names.py measures every pair).
PALETTE: dict[str, tuple[str, str]] = {
    "gray": ("#e5e7eb", "#1f2937"),
    "red": ("#fee2e2", "#991b1b"),
    "orange": ("#ffedd5", "#9a3412"),
    "amber": ("#fef3c7", "#92400e"),
    "lime": ("#ecfccb", "#3f6212"),
    "green": ("#dcfce7", "#166534"),
    "teal": ("#ccfbf1", "#115e59"),
    "cyan": ("#cffafe", "#155e75"),
    "blue": ("#dbeafe", "#1e40af"),
    "indigo": ("#e0e7ff", "#3730a3"),
    "purple": ("#f3e8ff", "#6b21a8"),
    "pink": ("#fce7f3", "#9d174d"),
}
DEFAULT_COLOR = "gray"


def tidy(name: str) -> str:
    """Trimmed, inner white space collapsed to one space."""
    return " ".join((name or "").split())


def name_key(name: str) -> str:
    """The key two names share when they are the same tag: tidied, NFKC, case-folded."""
    return unicodedata.normalize("NFKC", tidy(name)).casefold()


# Control characters (C0, DEL, C1) and the line and paragraph separators: never in a name.
CONTROL = "\x00-\x1f\x7f-\x9f\u2028\u2029"
_CONTROL = re.compile(f"[{CONTROL}]")


def name_error(raw: str) -> str | None:
    """Why `raw` cannot name a tag, or None; it is tidied first, and no longer than a name either way."""
    name = tidy(raw)
    if not name:
        return "Enter a tag name."
    if len(raw) > TAG_NAME_MAX:
        return f"Use at most {TAG_NAME_MAX} characters."
    if "," in name:
        return "A tag name cannot hold a comma (commas separate tags)."
    if _CONTROL.search(raw):
        return "Remove the control characters."
    return None


def color_error(color: str) -> str | None:
    return None if color in PALETTE else f"Use one of: {', '.join(PALETTE)}."


def description_error(description: str | None) -> str | None:
    if description is None:
        return None
    if len(description) > TAG_DESCRIPTION_MAX:
        return f"Use at most {TAG_DESCRIPTION_MAX} characters."
    if "\x00" in description:
        return "Remove the NUL character."
    return None

# A ticket's history row for a tag added (new_value) or removed (old_value). Internal, like the tags:
# the thread hides it from customers (services.conversation.thread.get_thread).
EVENT_FIELD = "tag"
