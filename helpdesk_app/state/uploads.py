"""What every form with a drop zone shares: rejected files, progress, per-file errors, and
receiving the files.

The bytes go through Reflex's upload route (`/_upload`, guarded by api/upload_guard.py) to
streaming handlers (`rx.upload_files_chunk`): each file goes on to the same attachment service
as the REST API's while it arrives, checked against the limits as it grows, never spooled.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Callable
from typing import TypeVar

import reflex as rx

from helpdesk_app import runtime
from helpdesk_app.services.attachments import rules
from helpdesk_app.services.attachments.streamed import Piece, ThreadedFiles, check_file_index, in_worker_thread

T = TypeVar("T")
MAX_CHUNKS_DRAINED = 100_000  # Reflex hands over one chunk per network read or empty file


async def _pieces(chunks: rx.UploadChunkIterator, max_files: int) -> AsyncIterator[Piece]:
    """Reflex's chunks as pieces: a file starts at offset 0 (an empty file is one empty chunk).
    A file far beyond `max_files` is refused as soon as it starts (a few beyond are still read, so
    that each file's own problem can be named)."""
    index = -1
    async for chunk in chunks:
        name = rules.unescape_form_filename(chunk.filename)
        if chunk.offset == 0:
            index += 1
            check_file_index(index, name, max_files)
        yield Piece(index, name, chunk.data)


class UploadMixin(rx.State, mixin=True):
    upload_loaded: int = 0
    upload_total: int = 0
    uploading: bool = False
    rejected: list[str] = []  # refused in the browser, before sending
    upload_errors: list[str] = []  # refused by the server, file by file
    upload_zone: str = ""  # which drop zone the messages above belong to
    files_cleared_zone: str = ""  # a drop zone whose chosen files the page is to forget (components/uploader.py)
    files_cleared_nonce: str = ""

    @rx.event
    def files_rejected(self, rejected: list[dict], zone: str):
        """The drop zone refused these; say why in the server's own words."""
        self.upload_zone, self.upload_errors = zone, []
        limits = runtime.get_limits()
        messages = []
        for item in rejected:
            name = rules.sanitize_filename(str(item.get("name") or "file"))
            codes = set(item.get("codes") or [])
            if "file-too-large" in codes:
                messages.append(rules.too_large_message(name, limits.max_file_bytes))
            elif "file-invalid-type" in codes:
                messages.append(rules.type_not_allowed_message(name))
            else:
                messages.append(f"{name}: not accepted.")
        self.rejected = messages

    @rx.event
    def upload_progress(self, progress: dict, zone: str):
        self.upload_zone, self.rejected = zone, []
        self.upload_loaded = int(progress.get("loaded", 0))
        self.upload_total = int(progress.get("total", 0))
        # The last report (all sent) may arrive after the handler has finished: it must not leave us "uploading".
        self.uploading = self.upload_loaded < self.upload_total

    @rx.event
    def upload_cancelled(self):
        self._upload_done()
        self.upload_errors = ["Upload cancelled; nothing was saved."]

    def _clear_files(self, zone: str) -> None:
        """Have the browser forget the files chosen in `zone` (they were stored)."""
        self.files_cleared_zone, self.files_cleared_nonce = zone, uuid.uuid4().hex

    def _upload_done(self) -> None:
        self.uploading, self.upload_loaded, self.upload_total = False, 0, 0

    async def _receive(self, chunks: rx.UploadChunkIterator, work: Callable[[ThreadedFiles], T]) -> T:
        """Run `work(files)` in a worker thread while the files stream in, then read whatever it left
        unread (a form error stops it early; Reflex answers 400 to an upload not read to its end),
        though not without bound: a request of endless tiny parts just gets its 400."""
        try:
            result = await in_worker_thread(work, _pieces(chunks, runtime.get_limits().max_files_per_ticket))
            left = MAX_CHUNKS_DRAINED
            async for _ in chunks:
                left -= 1
                if not left:
                    break
        except BaseException as e:  # a disconnect cancels the task: the form must not stay "uploading"
            async with self:
                self._upload_done()
                if not isinstance(e, asyncio.CancelledError):
                    self.upload_errors = ["The upload failed; nothing was saved. Please try again."]
                elif not self.upload_errors:  # the user's own cancel says so already
                    self.upload_errors = ["The upload was interrupted; nothing was saved."]
            raise
        return result
