"""A scanner that is down, hangs or answers nonsense never yields a verdict: ScannerUnavailable."""

import socket
import threading
from pathlib import Path

import pytest

from helpdesk_app.scanner import ClamdScanner, ScannerUnavailable, ScanTooLarge
from helpdesk_app.scanner.clamd import parse_reply
from tests.clamd_server import _free_port


def test_a_closed_port_is_unavailable():
    scanner = ClamdScanner(host="127.0.0.1", port=_free_port(), timeout=2)
    with pytest.raises(ScannerUnavailable, match="cannot be reached"):
        scanner.start()
    with pytest.raises(ScannerUnavailable):
        scanner.ping()


def test_a_missing_socket_is_unavailable(tmp_path):
    scanner = ClamdScanner(socket_path=str(tmp_path / "missing.sock"))
    with pytest.raises(ScannerUnavailable, match="cannot be reached"):
        scanner.start()
    with pytest.raises(ScannerUnavailable):
        scanner.ping()


class FakeClamd:
    """A Unix-socket server that reads the whole request, then answers `reply` (None: stays silent)."""

    def __init__(self, path: Path, reply: bytes | None):
        self.path, self.reply = str(path), reply
        self.server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.server.bind(self.path)
        self.server.listen()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        conn, _ = self.server.accept()
        with conn:
            request = b""
            while not (request == b"zPING\0" or request.endswith(b"\0\0\0\0")):
                part = conn.recv(65536)
                if not part:
                    return
                request += part
            if self.reply is None:
                conn.recv(65536)  # hold the connection open until the client gives up
            else:
                conn.sendall(self.reply)

    def close(self):
        self.server.close()


@pytest.fixture
def fake_clamd(tmp_path):
    fakes = []

    def start(reply: bytes | None) -> ClamdScanner:
        fakes.append(FakeClamd(tmp_path / f"fake{len(fakes)}.sock", reply))
        return ClamdScanner(socket_path=fakes[-1].path, timeout=0.3)

    yield start
    for fake in fakes:
        fake.close()


def test_a_scanner_that_hangs_up_without_a_verdict_is_unavailable(fake_clamd):
    session = fake_clamd(b"").start()
    with pytest.raises(ScannerUnavailable, match="without a verdict"):
        session.finish()


def test_a_scanner_that_times_out_is_unavailable(fake_clamd):
    session = fake_clamd(None).start()
    with pytest.raises(ScannerUnavailable, match="timed out"):
        session.finish()


def test_a_scanner_error_is_unavailable(fake_clamd):
    session = fake_clamd(b"stream: Can't allocate memory ERROR\0").start()
    with pytest.raises(ScannerUnavailable, match="Can't allocate memory"):
        session.finish()


def test_a_ping_answered_wrongly_is_unavailable(fake_clamd):
    with pytest.raises(ScannerUnavailable, match="answered PING"):
        fake_clamd(b"UNKNOWN COMMAND\0").ping()


@pytest.mark.parametrize(
    ("reply", "clean", "signature"),
    [("stream: OK", True, None), ("stream: Win.Test.EICAR_HDB-1 FOUND", False, "Win.Test.EICAR_HDB-1")],
)
def test_it_parses_verdicts(reply, clean, signature):
    result = parse_reply(reply)
    assert (result.clean, result.signature, result.scanned) == (clean, signature, True)


def test_it_parses_the_size_limit_error_as_too_large():
    with pytest.raises(ScanTooLarge):
        parse_reply("INSTREAM size limit exceeded. ERROR")
