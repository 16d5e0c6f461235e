"""clamd's own size limits, each on a small throwaway clamd (they start in ~0.1 s).

Why this matters for deployment: a file over clamd's MaxFileSize/MaxScanSize is
answered `OK` without being scanned, unless clamd runs with `AlertExceedsMax yes`.
"""

import pytest

from helpdesk_app.scanner import ClamdScanner, ScanTooLarge
from tests.clamd_server import EICAR, MiB, clamd_server


def eicar_in_the_middle(size: int) -> bytes:
    data = bytearray(size)
    data[size // 2 : size // 2 + len(EICAR)] = EICAR
    return bytes(data)


def scan(scanner: ClamdScanner, data: bytes):
    with scanner.start() as session:
        session.feed(data)
        return session.finish()


def test_without_alert_exceeds_max_clamd_passes_a_file_over_max_file_size_unscanned():
    with clamd_server(stream_max_length=8 * MiB, max_file_size=MiB, alert_exceeds_max=False) as clamd:
        scanner = ClamdScanner(socket_path=clamd.socket_path)
        assert not scan(scanner, eicar_in_the_middle(MiB // 2)).clean
        assert scan(scanner, eicar_in_the_middle(2 * MiB)).clean  # the trap: a virus "passes"


def test_with_alert_exceeds_max_a_file_over_max_file_size_is_too_large_not_infected():
    with clamd_server(stream_max_length=8 * MiB, max_file_size=MiB, alert_exceeds_max=True) as clamd:
        scanner = ClamdScanner(socket_path=clamd.socket_path)
        with pytest.raises(ScanTooLarge, match="MaxFileSize"):
            scan(scanner, b"x" * 2 * MiB)
        assert not scan(scanner, eicar_in_the_middle(MiB // 2)).clean


def test_the_test_server_raises_when_clamd_cannot_start():
    with pytest.raises(RuntimeError, match="clamd did not start"), clamd_server(extra_config="NoSuchOption yes"):
        pass
