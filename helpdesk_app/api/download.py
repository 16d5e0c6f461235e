"""Serving an attachment's bytes: safe headers, ETag, Range (206) and HEAD."""

import re
import stat
from urllib.parse import quote

from fastapi import Request
from fastapi.responses import FileResponse, Response, StreamingResponse

from helpdesk_app.models import Attachment
from helpdesk_app.services.attachments.errors import AttachmentServiceUnavailable
from helpdesk_app.services.common.errors import NotFound
from helpdesk_app.storage import BlobStorage, StorageError

INLINE_TYPES = {"image/png", "image/jpeg", "image/gif", "image/webp", "application/pdf"}
RANGE_RE = re.compile(r"^bytes=(\d*)-(\d*)$")


def content_disposition(filename: str, inline: bool) -> str:
    """RFC 6266 / 5987: an ASCII fallback plus the exact UTF-8 name."""
    fallback = "".join(c if 32 <= ord(c) < 127 and c not in '"\\;' else "_" for c in filename) or "file"
    kind = "inline" if inline else "attachment"
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(filename, safe='')}"


def safety_headers(attachment: Attachment, inline: bool) -> dict[str, str]:
    return {
        "Content-Disposition": content_disposition(attachment.filename, inline),
        "X-Content-Type-Options": "nosniff",
        # Even if a browser renders it, the file can run no script and reach nothing; only our own
        # pages may frame it (the PDF preview), no other site.
        "Content-Security-Policy": "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; "
                                   "frame-ancestors 'self'",
        "X-Frame-Options": "SAMEORIGIN",
        "Cache-Control": "private, max-age=0, must-revalidate",
        "Cross-Origin-Resource-Policy": "same-origin",
    }


def _parse_range(header: str | None, size: int) -> tuple[int, int] | None | str:
    """(start, end) for one satisfiable range, None for no range, "bad" if unsatisfiable."""
    match = RANGE_RE.match(header or "")
    if not match or match.groups() == ("", ""):
        return None
    first, last = match.groups()
    if first == "":
        start, end = max(0, size - int(last)), size - 1
    else:
        start, end = int(first), min(int(last), size - 1) if last else size - 1
    return "bad" if start > end or start >= size else (start, end)


def _not_modified(request: Request, etag: str) -> bool:
    """If-None-Match names this version (or any, "*"): the client's copy is current."""
    tags = [tag.strip().removeprefix("W/") for tag in request.headers.get("if-none-match", "").split(",")]
    return etag in tags or "*" in tags


def thumbnail_response(request: Request, attachment: Attachment, data: bytes) -> Response:
    """A preview is derived from the file, so the file's hash (plus the size) names its version."""
    stem = attachment.filename.rsplit(".", 1)[0] or "file"
    headers = {**safety_headers(attachment, True), "ETag": f'"{attachment.sha256}-t160"',
               "Content-Disposition": content_disposition(f"{stem}-thumbnail.webp", True)}
    if _not_modified(request, headers["ETag"]):
        return Response(status_code=304, headers=headers)
    return Response(data, media_type="image/webp", headers=headers)


def _gone(attachment: Attachment) -> NotFound:
    return NotFound(f"The file {attachment.filename} was deleted and is no longer stored.")


def _unavailable(attachment: Attachment) -> AttachmentServiceUnavailable:
    return AttachmentServiceUnavailable(attachment.filename, "File storage is unavailable. Please try again later.")


def download_response(request: Request, storage: BlobStorage, attachment: Attachment, inline: bool) -> Response:
    if attachment.purged_at is not None:
        raise _gone(attachment)
    inline = inline and attachment.content_type in INLINE_TYPES
    media_type = attachment.content_type if inline else "application/octet-stream"
    headers = safety_headers(attachment, inline)
    etag = f'"{attachment.sha256}"'
    path = storage.local_path(attachment.storage_key)
    if path is not None:
        try:  # here: FileResponse would otherwise stat it again, in a thread of its own
            found = path.stat()
        except (FileNotFoundError, NotADirectoryError):
            raise _gone(attachment) from None
        except OSError as e:
            raise _unavailable(attachment) from e
        if not stat.S_ISREG(found.st_mode):
            raise _gone(attachment)
        if _not_modified(request, etag):  # FileResponse would send the whole file again
            return Response(status_code=304, headers={**headers, "ETag": etag})
        # Starlette streams from disk and answers Range, If-Range and HEAD itself.
        return FileResponse(path, media_type=media_type, headers={**headers, "ETag": etag}, stat_result=found)
    headers |= {"ETag": etag, "Accept-Ranges": "bytes"}
    if _not_modified(request, etag):
        return Response(status_code=304, headers=headers)
    size = attachment.size
    wanted = _parse_range(request.headers.get("range"), size) if request.headers.get("if-range", etag) == etag \
        else None
    if wanted == "bad":
        return Response(status_code=416, headers={**headers, "Content-Range": f"bytes */{size}"})
    start, end = wanted or (0, size - 1)
    headers["Content-Length"] = str(end - start + 1)
    status = 200
    if wanted:
        status, headers["Content-Range"] = 206, f"bytes {start}-{end}/{size}"
    if request.method == "HEAD":
        return Response(status_code=status, headers=headers, media_type=media_type)
    try:  # open() looks the object up at once, so a failure is still a clean error answer
        body = storage.open(attachment.storage_key, start, end)
    except FileNotFoundError:
        raise _gone(attachment) from None
    except StorageError as e:
        raise _unavailable(attachment) from e
    return StreamingResponse(body, status_code=status, headers=headers, media_type=media_type)
