"""A real, throwaway clamd for tests: `with clamd_server() as clamd: ...`.

Needs the Debian packages `clamav clamav-daemon` (apt installs do not start the
daemon). No signature download is possible here, so the database directory holds
only our own body signature for the EICAR test file. Raises (never skips) when
clamd cannot start, so a missing scanner fails the run loudly.
"""

import os
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

# The standard EICAR test file (harmless; every scanner detects it).
EICAR = rb"X5O!P%@AP[4\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
# An .ndb body signature: EICAR's bytes at any offset of any file type.
EICAR_NDB = "Helpdesk.Test.EICAR-NDB:0:*:" + EICAR.hex()
# clamd appends ".UNOFFICIAL" to signatures that are not from ClamAV's signed databases.
EICAR_SIGNATURE = "Helpdesk.Test.EICAR-NDB.UNOFFICIAL"

MiB = 1024 * 1024


@dataclass(frozen=True)
class ClamdServer:
    socket_path: str
    host: str
    port: int
    stream_max_length: int
    directory: Path
    pid: int

    def log(self) -> str:
        return _read(self.directory / "clamd.out")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _read(path: Path) -> str:
    return path.read_text(errors="replace") if path.exists() else ""


def _ping(socket_path: str) -> bool:
    try:
        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
            s.settimeout(1.0)
            s.connect(socket_path)
            s.sendall(b"zPING\0")
            return s.recv(16).startswith(b"PONG")
    except OSError:
        return False


def _config(directory: Path, port: int, stream_max_length: int, max_file_size: int, alert_exceeds_max: bool,
            extra: str) -> str:
    return "\n".join([
        "Foreground yes",  # stay our child so we can stop it by its PID
        f"LocalSocket {directory / 'clamd.sock'}",
        f"TCPSocket {port}",
        "TCPAddr 127.0.0.1",
        f"DatabaseDirectory {directory / 'db'}",
        f"TemporaryDirectory {directory / 'tmp'}",  # INSTREAM spools each stream here
        f"StreamMaxLength {stream_max_length}",
        # Files over MaxFileSize/MaxScanSize are answered OK without being scanned, unless
        # AlertExceedsMax reports them (Heuristics.Limits.Exceeded.*): fail closed, as in production.
        f"MaxFileSize {max_file_size}",
        f"MaxScanSize {max_file_size * 4}",
        f"AlertExceedsMax {'yes' if alert_exceeds_max else 'no'}",
        f"LogFile {directory / 'clamd.log'}",
        f"PidFile {directory / 'clamd.pid'}",
        # No `User` line: clamd keeps the identity it was started with (root here, fine for a test daemon).
        extra,
        "",
    ])


@contextmanager
def clamd_server(
    *,
    stream_max_length: int = 60 * MiB,
    max_file_size: int | None = None,
    alert_exceeds_max: bool = True,
    extra_signatures: str = "",
    extra_config: str = "",
    start_timeout: float = 60.0,
) -> Iterator[ClamdServer]:
    """Start clamd listening on a Unix socket and on 127.0.0.1:<free port>; stop it afterwards."""
    binary = shutil.which("clamd") or ("/usr/sbin/clamd" if os.path.exists("/usr/sbin/clamd") else None)
    if binary is None:
        raise RuntimeError("clamd is not installed: apt-get install -y clamav clamav-daemon")
    # A short path under /tmp: Unix socket paths are limited to 107 bytes.
    directory = Path(tempfile.mkdtemp(prefix="helpdesk-clamd-"))
    proc = None
    try:
        (directory / "db").mkdir()
        (directory / "tmp").mkdir()
        (directory / "db" / "test.ndb").write_text(EICAR_NDB + "\n" + extra_signatures)
        port = _free_port()
        conf = directory / "clamd.conf"
        conf.write_text(_config(directory, port, stream_max_length,
                                max_file_size or stream_max_length, alert_exceeds_max, extra_config))
        socket_path = str(directory / "clamd.sock")
        with (directory / "clamd.out").open("wb") as out:
            proc = subprocess.Popen([binary, "-c", str(conf)], stdout=out, stderr=subprocess.STDOUT,
                                    stdin=subprocess.DEVNULL, start_new_session=True)
        deadline = time.monotonic() + start_timeout
        while not _ping(socket_path):
            if proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"clamd did not start (exit code {proc.poll()}):\n{_read(directory / 'clamd.out')}")
            time.sleep(0.05)
        yield ClamdServer(socket_path=socket_path, host="127.0.0.1", port=port,
                          stream_max_length=stream_max_length, directory=directory, pid=proc.pid)
    finally:
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
        shutil.rmtree(directory, ignore_errors=True)
