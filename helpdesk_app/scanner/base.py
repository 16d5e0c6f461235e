"""The virus-scanner interface the attachment service talks to.

A scan is a session so the service can feed each chunk while it streams the
upload to storage (one pass over the bytes, never the whole file in memory).
"""

from dataclasses import dataclass
from typing import Protocol


class ScannerUnavailable(Exception):
    """clamd cannot be reached or failed; uploads must fail with 503, never pass unscanned."""


class ScanTooLarge(ScannerUnavailable):
    """The stream is over the scanner's own limit (clamd's StreamMaxLength), so it has no verdict.

    A subclass so that code catching only ScannerUnavailable still refuses the file.
    """


@dataclass(frozen=True)
class ScanResult:
    clean: bool
    signature: str | None = None  # e.g. "Helpdesk.Test.EICAR-NDB.UNOFFICIAL"
    scanned: bool = True  # False when scanning is off: record scan_status "skipped", not "clean"

    @property
    def status(self) -> str:
        """The attachment's scan_status: "clean", "infected" or "skipped"."""
        if not self.scanned:
            return "skipped"
        return "clean" if self.clean else "infected"


class ScanSession(Protocol):
    def feed(self, chunk: bytes) -> None: ...

    def finish(self) -> ScanResult: ...

    def abort(self) -> None: ...


class Scanner(Protocol):
    def start(self) -> ScanSession:
        """Open a scan; raises ScannerUnavailable if the scanner cannot be reached."""
        ...

    def ping(self) -> None:
        """Health check; raises ScannerUnavailable."""
        ...


class SessionContext:
    """`with scanner.start() as scan:` aborts the scan if the block raises before finish()."""

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.abort()  # a no-op once finish() has run


SKIPPED = ScanResult(clean=True, signature=None, scanned=False)


class NoScannerSession(SessionContext):
    def feed(self, chunk: bytes) -> None:
        pass

    def finish(self) -> ScanResult:
        return SKIPPED

    def abort(self) -> None:
        pass


class NoScanner:
    """Scanning turned off (HELPDESK_VIRUS_SCAN=off): every file passes, marked as not scanned."""

    def start(self) -> NoScannerSession:
        return NoScannerSession()

    def ping(self) -> None:
        pass
