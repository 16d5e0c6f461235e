"""Attachment rules: the limits, safe display names, and the type check on the first bytes.

Pure functions; the upload service (upload.py) applies them while it streams.
The allow-list lives in types.py and the wording in messages.py; both are re-exported here.
"""

import unicodedata
from dataclasses import dataclass

import magic

from helpdesk_app.services.attachments.errors import EmptyFile, UnsupportedFileType
from helpdesk_app.services.attachments.messages import (
    content_mismatch_message, empty_message, human_size, infected_message, not_checked_message, ticket_full_message,
    too_large_message, too_many_message, type_not_allowed_message,
)
from helpdesk_app.services.attachments.types import (
    ACCEPT, ALLOWED_SUMMARY, DROPZONE_ACCEPT, EXTENSION_LABELS, KINDS, mail_allowed, text_allowed,
)

# The wording (messages) and the allow-list (types) are part of this module's API, so callers need one import.
__all__ = [
    "ACCEPT", "ALLOWED_SUMMARY", "DROPZONE_ACCEPT", "EXTENSION_LABELS", "KINDS", "MAX_EXT_BYTES", "MAX_NAME_BYTES",
    "SNIFF_BYTES", "AttachmentLimits", "check_file", "content_mismatch_message", "empty_message", "extension",
    "human_size", "infected_message", "mail_allowed", "not_checked_message", "sanitize_filename", "sniff",
    "text_allowed", "ticket_full_message", "too_large_message", "too_many_message", "type_not_allowed_message",
    "unescape_form_filename",
]

MiB = 1024 * 1024
SNIFF_BYTES = 2048  # libmagic sees only this much, so a check costs the same for any file size
MAX_NAME_BYTES = 255  # what most file systems allow for one name
MAX_EXT_BYTES = 16  # longer "extensions" are treated as part of the name when shortening


@dataclass(frozen=True)
class AttachmentLimits:
    max_file_bytes: int = 50 * MiB
    max_files_per_ticket: int = 20
    max_ticket_bytes: int = 500 * MiB

    def __post_init__(self):
        if min(self.max_file_bytes, self.max_files_per_ticket, self.max_ticket_bytes) < 1:
            raise ValueError("Attachment limits must be positive.")


# Characters that reorder text (so "invoice\u202efdp.exe" displays as "invoiceexe.pdf") or mark direction.
_BIDI = {chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A), 0x200E, 0x200F, 0x061C)}
# Line/paragraph separators and the BOM break headers and log lines; lone surrogates cannot be stored as UTF-8.
_DROP_ALSO = {"\u2028", "\u2029", "\ufeff"}


def _keep(ch: str) -> bool:
    if ch in _BIDI or ch in _DROP_ALSO:
        return False
    return unicodedata.category(ch) not in ("Cc", "Cs")  # Cc: NUL, tabs, newlines, DEL, C1 controls


def _truncate_utf8(text: str, max_bytes: int) -> str:
    return text.encode("utf-8")[:max_bytes].decode("utf-8", "ignore")  # never cuts a character in half


def sanitize_filename(name: str) -> str:
    """A name safe to display and to put in a header: no path, no control or bidi characters,
    no leading or trailing dots and spaces, NFC, at most 255 UTF-8 bytes with the extension kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a Windows path from old browsers, or ../ tricks
    name = "".join(ch for ch in name if _keep(ch))
    name = unicodedata.normalize("NFC", name).rstrip(" .")
    stem, dot, ext = name.rpartition(".")
    if not dot:
        stem, ext = name, ""
    ext = ext.strip()
    if len(ext.encode("utf-8")) > MAX_EXT_BYTES:
        stem, ext = name, ""  # "a.<300 characters>" has no real extension to keep
    stem = stem.strip(" .") or "file"
    suffix = f".{ext}" if ext else ""
    stem = _truncate_utf8(stem, MAX_NAME_BYTES - len(suffix.encode("utf-8"))).rstrip(" .") or "file"
    return stem + suffix


def unescape_form_filename(name: str) -> str:
    """The file name a browser meant: in multipart/form-data it sends `"`, CR and LF as %22, %0D
    and %0A (WHATWG's encoding), and Starlette hands the name on as it came."""
    return name.replace("%22", '"').replace("%0D", "\r").replace("%0A", "\n")


def extension(filename: str) -> str:
    """The lower-case extension of a sanitized name, "" when there is none."""
    stem, dot, ext = filename.rpartition(".")
    return ext.lower() if dot and stem else ""


def sniff(head: bytes) -> str:
    try:
        return magic.from_buffer(head[:SNIFF_BYTES], mime=True)
    except magic.MagicException:
        return "application/octet-stream"  # matches no allowed type


def check_file(filename: str, head: bytes) -> str:
    """The content type to store and serve for this file, judged by its name and first bytes.

    Raises UnsupportedFileType (extension not allowed, or content not matching it) or EmptyFile.
    """
    name = sanitize_filename(filename)
    ext = extension(name)
    kind = KINDS.get(ext)
    if kind is None:
        raise UnsupportedFileType(name, type_not_allowed_message(name))
    if not head:
        raise EmptyFile(name, empty_message(name))
    sniffed = sniff(head)
    if kind.text:
        ok = text_allowed(sniffed)
    elif ext == "eml":
        ok = mail_allowed(sniffed, head)
    else:
        ok = sniffed in kind.sniffed
    if not ok:
        raise UnsupportedFileType(name, content_mismatch_message(name, ext, sniffed))
    return kind.content_type
