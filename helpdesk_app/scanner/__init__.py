"""Virus scanning for uploads: `build_scanner(mode)` gives a Scanner for "off" or "clamd"."""

from helpdesk_app.scanner.base import (
    NoScanner,
    Scanner,
    ScannerUnavailable,
    ScanResult,
    ScanSession,
    ScanTooLarge,
)
from helpdesk_app.scanner.clamd import ClamdScanner

MODES = ("off", "clamd")


def build_scanner(
    mode: str,
    *,
    socket_path: str | None = None,
    host: str = "127.0.0.1",
    port: int = 3310,
    timeout: float = 10.0,
) -> Scanner:
    if mode == "off":
        return NoScanner()
    if mode == "clamd":
        return ClamdScanner(socket_path=socket_path, host=host, port=port, timeout=timeout)
    raise ValueError(f"Unknown virus scan mode {mode!r}; use one of {', '.join(MODES)}.")


__all__ = [
    "MODES",
    "ClamdScanner",
    "NoScanner",
    "ScanResult",
    "ScanSession",
    "ScanTooLarge",
    "Scanner",
    "ScannerUnavailable",
    "build_scanner",
]
