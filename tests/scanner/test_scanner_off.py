"""Scanning turned off, and choosing the scanner from the configured mode."""

import pytest

from helpdesk_app.scanner import ClamdScanner, NoScanner, ScanResult, build_scanner
from tests.clamd_server import EICAR


def test_it_passes_everything_but_says_it_did_not_scan():
    scanner = NoScanner()
    scanner.ping()
    with scanner.start() as session:
        session.feed(EICAR)
        result = session.finish()
    assert result == ScanResult(clean=True, signature=None, scanned=False)
    assert result.status == "skipped"


def test_off_mode_builds_no_scanner():
    assert isinstance(build_scanner("off"), NoScanner)


def test_clamd_mode_builds_a_clamd_client():
    scanner = build_scanner("clamd", socket_path="/run/clamd.sock", timeout=3)
    assert isinstance(scanner, ClamdScanner)
    assert (scanner.socket_path, scanner.timeout, scanner.address) == ("/run/clamd.sock", 3, "/run/clamd.sock")
    tcp = build_scanner("clamd", host="10.0.0.5", port=3311)
    assert tcp.address == "10.0.0.5:3311"


@pytest.mark.parametrize("mode", ["", "on", "CLAMD", "clamav"])
def test_an_unknown_mode_is_an_error(mode):
    with pytest.raises(ValueError, match="off, clamd"):
        build_scanner(mode)
