"""How attachments are named elsewhere: their storage keys, their history fields and their URLs.

Kept apart from the rest of the package so the conversation (which hides the history of an
internal note's files) and the storage sweep can use the names without the upload's machinery.
"""

# History events of a deletion. A file of an internal note gets its own field so the thread can
# hide it from customers, as it hides the note (services.conversation.thread.get_thread).
EVENT_FIELD = "attachment"
NOTE_EVENT_FIELD = "note_attachment"

# An image's preview is kept beside it (thumbnails.py); the purge and the sweep go by the same name.
THUMBNAIL_SUFFIX = ".thumb"


def ticket_prefix(ticket_id: int) -> str:
    """Where a ticket's blobs live: `tickets/<id>/<uuid>`, never the user's file name."""
    return f"tickets/{ticket_id}"


def thumbnail_key(storage_key: str) -> str:
    return f"{storage_key}{THUMBNAIL_SUFFIX}"


def download_url(attachment_id: int) -> str:
    return f"/api/v1/attachments/{attachment_id}/download"


def thumbnail_url(attachment_id: int) -> str:
    return f"/api/v1/attachments/{attachment_id}/thumbnail"
