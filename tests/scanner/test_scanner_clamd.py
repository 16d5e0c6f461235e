"""ClamdScanner against a real clamd holding a test signature for EICAR."""

import os
import time

import pytest

from helpdesk_app.scanner import ClamdScanner, ScannerUnavailable, ScanResult, ScanTooLarge
from tests.clamd_server import EICAR, EICAR_SIGNATURE, MiB


def scan(scanner, *chunks: bytes) -> ScanResult:
    with scanner.start() as session:
        for chunk in chunks:
            session.feed(chunk)
        return session.finish()


def test_it_answers_ping(scanner):
    scanner.ping()


def test_it_passes_a_clean_file(scanner):
    result = scan(scanner, b"%PDF-1.4\nJust a harmless document.\n")
    assert result == ScanResult(clean=True, signature=None, scanned=True)
    assert result.status == "clean"


def test_it_detects_eicar(scanner):
    result = scan(scanner, EICAR)
    assert result == ScanResult(clean=False, signature=EICAR_SIGNATURE, scanned=True)
    assert result.status == "infected"


def test_it_detects_eicar_in_the_middle_of_a_5mb_stream_fed_in_chunks(scanner):
    data = bytearray(os.urandom(5 * MiB))
    middle = len(data) // 2 - 10  # EICAR straddles the boundary between two 64 KiB chunks
    data[middle : middle + len(EICAR)] = EICAR
    chunks = [bytes(data[i : i + 64 * 1024]) for i in range(0, len(data), 64 * 1024)]
    assert scan(scanner, *chunks).signature == EICAR_SIGNATURE


def test_it_splits_a_large_chunk_into_frames(clamd):
    scanner = ClamdScanner(socket_path=clamd.socket_path, frame_size=4096)
    assert scan(scanner, b"a" * 100_000 + EICAR + b"b" * 100_000).signature == EICAR_SIGNATURE


def test_an_empty_chunk_does_not_end_the_stream(scanner):
    # A zero-length frame is INSTREAM's end marker; feeding b"" must not send one.
    assert scan(scanner, b"harmless ", b"", EICAR).signature == EICAR_SIGNATURE


def test_an_empty_stream_is_clean(scanner):
    assert scan(scanner).clean


def test_it_reports_a_stream_over_stream_max_length_as_too_large(scanner, clamd):
    chunk = os.urandom(MiB)
    session = scanner.start()
    with pytest.raises(ScanTooLarge, match="too large for the virus scanner"):
        for _ in range(clamd.stream_max_length // MiB + 2):
            session.feed(chunk)
        session.finish()
    with pytest.raises(ScannerUnavailable):  # the session is closed afterwards
        session.feed(b"more")


def test_the_scanner_still_works_after_a_too_large_stream(scanner, clamd):
    with pytest.raises(ScanTooLarge):
        scan(scanner, *[b"x" * MiB] * (clamd.stream_max_length // MiB + 1))
    assert scan(scanner, EICAR).signature == EICAR_SIGNATURE


def test_a_finished_session_cannot_be_reused(scanner):
    session = scanner.start()
    session.finish()
    with pytest.raises(ScannerUnavailable):
        session.finish()
    session.abort()  # harmless when already closed


def test_abort_ends_a_scan_without_a_verdict(scanner):
    session = scanner.start()
    session.feed(EICAR)
    session.abort()
    with pytest.raises(ScannerUnavailable):
        session.finish()
    scanner.ping()  # clamd is unaffected


def test_scan_cost_for_1mb_and_50mb(clamd, capsys):
    """A measurement for docs/performance.md, not a timing assertion."""
    chunk = os.urandom(MiB)
    with capsys.disabled():
        for name, scanner in [("unix", ClamdScanner(socket_path=clamd.socket_path)),
                              ("tcp", ClamdScanner(port=clamd.port))]:
            for size_mb, runs in [(1, 20), (50, 3)]:
                times = []
                for _ in range(runs):
                    start = time.perf_counter()
                    assert scan(scanner, *[chunk] * size_mb).clean
                    times.append(time.perf_counter() - start)
                times.sort()
                print(f"\nclamd INSTREAM over {name}: {size_mb} MB median {times[len(times) // 2] * 1000:.1f} ms, "
                      f"max {times[-1] * 1000:.1f} ms ({runs} runs)")
