"""A clamd client speaking INSTREAM over a Unix or TCP socket (no third-party library).

Protocol (clamd(8)): send `zINSTREAM\\0`, then frames of <4-byte big-endian length><data>,
then a zero-length frame; clamd answers one NUL-terminated line:
`stream: OK`, `stream: <Signature> FOUND`, or `<text> ERROR`.
"""

import socket
import struct
from typing import NoReturn

from helpdesk_app.scanner.base import ScannerUnavailable, ScanResult, ScanTooLarge, SessionContext

_END_OF_STREAM = b"\0\0\0\0"
_MAX_REPLY = 64 * 1024  # a verdict line is short; stop reading garbage early
# What clamd says when a stream passes StreamMaxLength (it then closes the connection).
_SIZE_LIMIT_REPLY = "INSTREAM size limit exceeded"
TOO_LARGE_MESSAGE = "The file is too large for the virus scanner (over clamd's StreamMaxLength)."
# With `AlertExceedsMax yes`, clamd reports a file it could not fully scan because of a size
# limit as this "signature"; that is no infection, it is a file too large to check.
_SIZE_HEURISTICS = ("Heuristics.Limits.Exceeded.MaxFileSize", "Heuristics.Limits.Exceeded.MaxScanSize")


class ClamdScanner:
    def __init__(
        self,
        socket_path: str | None = None,
        host: str = "127.0.0.1",
        port: int = 3310,
        timeout: float = 10.0,
        frame_size: int = 1 << 20,
    ):
        self.socket_path = socket_path
        self.host = host
        self.port = port
        self.timeout = timeout  # per socket operation, including waiting for the verdict
        self.frame_size = frame_size

    @property
    def address(self) -> str:
        return self.socket_path or f"{self.host}:{self.port}"

    def _connect(self) -> socket.socket:
        sock = None
        try:
            if self.socket_path:
                sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
                sock.settimeout(self.timeout)
                sock.connect(self.socket_path)
            else:
                sock = socket.create_connection((self.host, self.port), timeout=self.timeout)
            return sock
        except OSError as exc:
            if sock is not None:
                sock.close()
            raise ScannerUnavailable(f"The virus scanner (clamd at {self.address}) cannot be reached: {exc}") from exc

    def ping(self) -> None:
        sock = self._connect()
        try:
            sock.sendall(b"zPING\0")
            reply = _read_reply(sock)
        except OSError as exc:
            raise ScannerUnavailable(f"clamd at {self.address} did not answer PING: {exc}") from exc
        finally:
            sock.close()
        if reply != "PONG":
            raise ScannerUnavailable(f"clamd at {self.address} answered PING with {reply!r}")

    def start(self) -> "ClamdSession":
        sock = self._connect()
        try:
            sock.sendall(b"zINSTREAM\0")
        except OSError as exc:
            sock.close()
            raise ScannerUnavailable(f"clamd at {self.address} refused the scan: {exc}") from exc
        return ClamdSession(sock, frame_size=self.frame_size, address=self.address)


class ClamdSession(SessionContext):
    def __init__(self, sock: socket.socket, *, frame_size: int, address: str):
        self._sock: socket.socket | None = sock
        self._frame_size = frame_size
        self._address = address
        self.bytes_sent = 0

    def feed(self, chunk: bytes) -> None:
        sock = self._require_open()
        view = memoryview(chunk)
        try:
            # Empty chunks are skipped: a zero-length frame would end the stream early.
            for start in range(0, len(view), self._frame_size):
                frame = view[start : start + self._frame_size]
                # One send per frame: a lone 4-byte header would wait on Nagle's algorithm over TCP.
                sock.sendall(struct.pack("!I", len(frame)) + frame)
                self.bytes_sent += len(frame)
        except OSError as exc:
            self._fail(exc)

    def finish(self) -> ScanResult:
        sock = self._require_open()
        try:
            sock.sendall(_END_OF_STREAM)
            reply = _read_reply(sock)
        except OSError as exc:
            self._fail(exc)
        self.abort()
        return parse_reply(reply, address=self._address)

    def abort(self) -> None:
        if self._sock is not None:
            self._sock.close()
            self._sock = None

    def _require_open(self) -> socket.socket:
        if self._sock is None:
            raise ScannerUnavailable("This scan is already finished or aborted.")
        return self._sock

    def _fail(self, exc: OSError) -> NoReturn:
        """clamd hung up mid-stream. It usually said why first (size limit); read that if we can."""
        reply = ""
        if isinstance(exc, (BrokenPipeError, ConnectionResetError)) and self._sock is not None:
            try:
                self._sock.settimeout(1.0)
                reply = _read_reply(self._sock)
            except OSError:
                pass
        self.abort()
        if _SIZE_LIMIT_REPLY in reply:
            raise ScanTooLarge(TOO_LARGE_MESSAGE) from exc
        if isinstance(exc, TimeoutError):
            raise ScannerUnavailable(f"The virus scanner (clamd at {self._address}) timed out.") from exc
        raise ScannerUnavailable(
            f"clamd at {self._address} closed the connection after {self.bytes_sent} bytes"
            f"{f' ({reply})' if reply else ''}: {exc}"
        ) from exc


def _read_reply(sock: socket.socket) -> str:
    """One NUL-terminated reply (the `z` command prefix); also ends at EOF."""
    data = b""
    while b"\0" not in data and len(data) < _MAX_REPLY:
        part = sock.recv(4096)
        if not part:
            break
        data += part
    return data.split(b"\0", 1)[0].decode("utf-8", "replace").strip()


def parse_reply(reply: str, *, address: str = "clamd") -> ScanResult:
    if reply == "stream: OK":
        return ScanResult(clean=True)
    if reply.startswith("stream: ") and reply.endswith(" FOUND"):
        signature = reply[len("stream: ") : -len(" FOUND")].strip()
        if signature.startswith(_SIZE_HEURISTICS):
            limit = signature.rsplit(".", 1)[-1]
            raise ScanTooLarge(f"The file is too large for the virus scanner (over clamd's {limit}).")
        return ScanResult(clean=False, signature=signature)
    if _SIZE_LIMIT_REPLY in reply:
        raise ScanTooLarge(TOO_LARGE_MESSAGE)
    if not reply:
        raise ScannerUnavailable(f"clamd at {address} closed the connection without a verdict.")
    raise ScannerUnavailable(f"clamd at {address} could not scan the file: {reply}")
