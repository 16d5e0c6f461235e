"""Why an attachment was refused or could not be stored; api/errors.py maps each to its status.

Every error carries the (sanitized, safe to show) `filename` and a `message` that names it,
built by attachment_messages so the browser and the server say the same thing.
"""

from helpdesk_app.services.common.errors import DomainError


class AttachmentError(DomainError):
    def __init__(self, filename: str, message: str):
        super().__init__(message)
        self.filename = filename


class FileTooLarge(AttachmentError):
    """413: over the per-file limit, or the ticket's attachments would exceed their total."""


class UnsupportedFileType(AttachmentError):
    """415: the extension is not allowed, or the content does not match it."""


class EmptyFile(AttachmentError):
    """422: no bytes at all."""


class TooManyFiles(AttachmentError):
    """422: the ticket already holds the most files allowed."""


class FileInfected(AttachmentError):
    """422: the virus scanner found something; nothing was stored."""

    def __init__(self, filename: str, message: str, signature: str | None = None):
        super().__init__(filename, message)
        self.signature = signature


class AttachmentServiceUnavailable(AttachmentError):
    """503: storage or the required virus scanner is down; the file was not accepted unscanned."""
