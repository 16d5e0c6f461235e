"""What every form with a drop zone shares: rejected files, progress, per-file errors.

The bytes go through Reflex's upload route (`/_upload`, guarded by api/upload_guard.py)
into the same attachment service as the REST API.
"""

import reflex as rx
from sqlmodel import Session

from helpdesk_app import runtime
from helpdesk_app.models import User
from helpdesk_app.services import attachment_rules as rules
from helpdesk_app.services.attachment_upload import UploadRejected, UploadTarget, from_form_files, upload
from helpdesk_app.services.errors import DomainError


class UploadMixin(rx.State, mixin=True):
    upload_loaded: int = 0
    upload_total: int = 0
    uploading: bool = False
    rejected: list[str] = []  # refused in the browser, before sending
    upload_errors: list[str] = []  # refused by the server, file by file
    upload_zone: str = ""  # which drop zone the messages above belong to

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

    def _upload_done(self) -> None:
        self.uploading, self.upload_loaded, self.upload_total = False, 0, 0

    def _store(self, session: Session, actor: User, target: UploadTarget, files: list[rx.UploadFile]) -> bool:
        """Attach the files (all or none); False with the reasons in upload_errors when refused."""
        self.upload_errors = []
        if not files:
            return True
        try:
            upload(session, actor=actor, storage=runtime.get_storage(), scanner=runtime.get_scanner(),
                   limits=runtime.get_limits(), target=target, files=from_form_files(files))
        except UploadRejected as e:
            self.upload_errors = [f.message for f in e.failures] + ["No file was attached; fix the above and try again."]
            return False
        except DomainError as e:
            self.upload_errors = [e.message]
            return False
        return True
