"""Small previews of image attachments: made with Pillow by the background worker once an image is
stored (or on the first request, if that comes first), then kept in storage beside the file
(`<key>.thumb`), so a ticket page loads a few KB per image, not the image.

Decoding untrusted images is the risk here, so the size in the header is checked before any
pixel is decoded, JPEGs are decoded at a reduced scale, and whatever Pillow cannot read simply
has no thumbnail (the list shows the type icon instead).
"""

import contextlib
import io
import tempfile
import threading

from PIL import Image, UnidentifiedImageError
from sqlmodel import Session

from helpdesk_app.models import Attachment
from helpdesk_app.services.attachments.errors import AttachmentServiceUnavailable
from helpdesk_app.services.attachments.listing import get_visible_attachment
from helpdesk_app.services.attachments.names import thumbnail_key
from helpdesk_app.services.common.errors import NotFound
from helpdesk_app.services.common.policy import Actor
from helpdesk_app.storage import BlobStorage, StorageError

THUMBNAIL_PX = 160  # the longest side: sharp at 40 CSS px on a 4x screen
THUMBNAIL_TYPE = "image/webp"
IMAGE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp"}
MAX_PIXELS = 50_000_000  # above this (as the header says) nothing is decoded
MAX_FULL_DECODE_PIXELS = 16_000_000  # formats without reduced-scale decoding (all but JPEG): ~64 MB of pixels
SPOOL_BYTES = 1024 * 1024  # an S3 original is spooled to a temp file beyond this, never held whole
NO_THUMBNAIL = b""  # kept in place of a thumbnail that cannot be made, so it is not tried on every view
# Decoding takes up to ~64 MB of pixels: a few at a time, however many previews a page asks for.
_RENDERING = threading.BoundedSemaphore(2)


def _no_thumbnail(attachment: Attachment) -> NotFound:
    return NotFound(f"{attachment.filename} has no thumbnail.")


def _unavailable(attachment: Attachment) -> AttachmentServiceUnavailable:
    return AttachmentServiceUnavailable(attachment.filename, "File storage is unavailable. Please try again later.")


def render(source, attachment: Attachment) -> bytes:
    """A WebP of at most THUMBNAIL_PX on its longest side, from a file path or a binary file."""
    try:
        with _RENDERING, Image.open(source) as image:
            width, height = image.size
            # Baseline JPEGs decode at 1/2 to 1/8 scale (draft); progressive ones, like other formats, whole.
            reduced = image.format == "JPEG" and not (image.info.get("progressive") or image.info.get("progression"))
            if width * height > (MAX_PIXELS if reduced else MAX_FULL_DECODE_PIXELS):
                raise _no_thumbnail(attachment)
            image.draft("RGB", (THUMBNAIL_PX, THUMBNAIL_PX))
            image.thumbnail((THUMBNAIL_PX, THUMBNAIL_PX))
            small = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        raise _no_thumbnail(attachment) from None
    out = io.BytesIO()
    small.save(out, "WEBP", quality=80)
    return out.getvalue()


def _render_stored(storage: BlobStorage, attachment: Attachment) -> bytes:
    path = storage.local_path(attachment.storage_key)
    if path is not None:
        if not path.is_file():
            raise _no_thumbnail(attachment)
        return render(path, attachment)
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as spool:
        try:
            for chunk in storage.open(attachment.storage_key):
                spool.write(chunk)
        except FileNotFoundError:
            raise _no_thumbnail(attachment) from None
        spool.seek(0)
        return render(spool, attachment)


def _kept(storage: BlobStorage, attachment: Attachment) -> bytes:
    """The stored thumbnail, made and stored first if there is none yet (NO_THUMBNAIL when none can
    be made). StorageError if storage fails."""
    key = thumbnail_key(attachment.storage_key)
    with contextlib.suppress(FileNotFoundError):
        return b"".join(storage.open(key))
    try:
        data = _render_stored(storage, attachment)
    except NotFound:
        data = NO_THUMBNAIL
    with contextlib.suppress(FileExistsError):  # another request (or the worker) made it meanwhile: same bytes
        storage.save(key, [data])
    return data


def _has_one(attachment: Attachment | None) -> bool:
    return attachment is not None and attachment.content_type in IMAGE_TYPES and attachment.purged_at is None


def thumbnail(session: Session, *, actor: Actor, storage: BlobStorage, attachment_id: int) -> tuple[Attachment, bytes]:
    """The attachment and its thumbnail (WebP bytes); NotFound if the actor may not see it or it has none.
    The background worker makes it as soon as the image is stored (prepare); if it has not yet, this does."""
    attachment, _ = get_visible_attachment(session, actor=actor, attachment_id=attachment_id)
    if not _has_one(attachment):
        raise _no_thumbnail(attachment)
    try:
        data = _kept(storage, attachment)
    except StorageError as e:
        raise _unavailable(attachment) from e
    if data == NO_THUMBNAIL:
        raise _no_thumbnail(attachment)
    return attachment, data


def prepare(session: Session, *, storage: BlobStorage, attachment_ids: list[int]) -> int:
    """Make the thumbnails of new image attachments ahead of the first view (the worker's consumer of
    attachments.added). Returns how many images it looked at; StorageError to be retried later."""
    images = [a for a in (session.get(Attachment, i) for i in attachment_ids) if _has_one(a)]
    for attachment in images:
        _kept(storage, attachment)
    return len(images)
