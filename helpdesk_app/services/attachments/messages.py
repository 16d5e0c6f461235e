"""The words for every refusal, shared by the server and the browser-side checks.

Sizes use 1024-based units labelled MB, as the upload form does (50 MB = 50 * 1024 * 1024).
"""

from helpdesk_app.services.attachments.types import ALLOWED_SUMMARY, describe, label_with_article


def human_size(size: int) -> str:
    value = float(size)
    for unit in ("B", "KB", "MB", "GB"):
        if value < 1024 or unit == "GB":
            break
        value /= 1024
    text = f"{value:.1f}".removesuffix(".0") if unit != "B" else str(size)
    return f"{text} {unit}"


def too_large_message(filename: str, limit: int) -> str:
    return f"{filename} is too large: each file can be at most {human_size(limit)}."


def ticket_full_message(filename: str, limit: int) -> str:
    return f"{filename} does not fit: a ticket's attachments can total at most {human_size(limit)}."


def too_many_message(filename: str, limit: int) -> str:
    return f"{filename} was not added: a ticket can have at most {limit} attachments."


def type_not_allowed_message(filename: str) -> str:
    return f"{filename}: this type of file is not allowed. Allowed are {ALLOWED_SUMMARY}."


def content_mismatch_message(filename: str, ext: str, sniffed: str) -> str:
    return f"{filename}: the content is {describe(sniffed)}, not {label_with_article(ext)}."


def empty_message(filename: str) -> str:
    return f"{filename} is empty."


def infected_message(filename: str, signature: str | None) -> str:
    found = signature or "a threat"
    return f"{filename} was refused: the virus scanner found {found}. The file was not saved."


def not_checked_message(filename: str) -> str:
    """A file after a refused one that the virus scanner could not check (the request is refused anyway)."""
    return f"{filename} could not be checked: the virus scanner is unavailable. Please try again later."
