"""Attachment benchmark primitives: PDF-like files, streamed multipart bodies, the server's RSS,
and an httpx client whose requests the bench server can time (see attachments.py)."""

import itertools
import os
import secrets
import statistics
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from scripts.bench.measure import Result

MiB = 1 << 20
READ = MiB


def make_pdf(path: Path, size: int) -> Path:
    """A file that starts like a PDF (libmagic says application/pdf) and is random after that."""
    head, tail = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n", b"\n%%EOF\n"
    with open(path, "wb") as out:
        out.write(head)
        left = size - len(head) - len(tail)
        while left > 0:
            out.write(os.urandom(min(READ, left)))
            left -= min(READ, left)
        out.write(tail)
    return path


@dataclass
class Multipart:
    """One file in a multipart/form-data body (field `files`), streamed from disk by chunks()."""

    path: Path
    filename: str = "report.pdf"
    boundary: str = field(default_factory=lambda: "bench" + secrets.token_hex(12))

    def __post_init__(self):
        self.head = (f'--{self.boundary}\r\nContent-Disposition: form-data; name="files"; '
                     f'filename="{self.filename}"\r\nContent-Type: application/pdf\r\n\r\n').encode()
        self.tail = f"\r\n--{self.boundary}--\r\n".encode()
        self.size = self.path.stat().st_size
        self.headers = {"Content-Type": f"multipart/form-data; boundary={self.boundary}",
                        "Content-Length": str(len(self.head) + self.size + len(self.tail))}

    def chunks(self):
        yield self.head
        with open(self.path, "rb") as f:
            while chunk := f.read(READ):
                yield chunk
        yield self.tail

    def body(self) -> bytes:  # small files only
        return self.head + self.path.read_bytes() + self.tail


@dataclass
class Timed(Result):
    server: list[float] = field(default_factory=list)  # ms, the server wrapper's own clock
    ref: str = ""  # the name of the baseline row its ratio is taken against
    server_target: bool = False  # the target is on server time (uploads), not on the client's clock


@dataclass
class Bulk:
    """Large uploads: wall times, and the server's RSS (kB) around each request."""

    name: str
    size: int
    seconds: list[float] = field(default_factory=list)
    growth_kb: list[int] = field(default_factory=list)  # peak during a request - RSS just before it
    rss_before_kb: int = 0  # before the first (untimed) request of this kind
    rss_peak_kb: int = 0
    rss_after_kb: int = 0
    note: str = ""
    baseline: bool = False

    @property
    def mibps(self) -> float:
        return self.size / MiB / statistics.median(self.seconds)


def vm(pid: int) -> dict[str, int]:
    lines = Path(f"/proc/{pid}/status").read_text().splitlines()
    return {k: int(v.split()[0]) for k, v in (x.split(":", 1) for x in lines) if k in ("VmRSS", "VmHWM")}


class PeakRSS:
    """Peak RSS of `pid` while the block runs: VmHWM after resetting it through clear_refs, or,
    where that is refused, a sampler reading VmRSS every 2 ms (which can miss short peaks)."""

    def __init__(self, pid: int):
        self.pid, self.before, self.peak, self._stop, self._thread = pid, 0, 0, threading.Event(), None

    def _sample(self):
        while not self._stop.wait(0.002):
            self.peak = max(self.peak, vm(self.pid)["VmRSS"])

    def __enter__(self):
        try:  # "5" resets the peak (VmHWM) to the current RSS, see proc(5)
            Path(f"/proc/{self.pid}/clear_refs").write_text("5")
        except OSError:
            self._thread = threading.Thread(target=self._sample, daemon=True)
        self.before = self.peak = vm(self.pid)["VmRSS"]
        if self._thread:
            self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        if self._thread:
            self._thread.join()
        now = vm(self.pid)
        self.peak = max(self.peak, now["VmRSS"], 0 if self._thread else now["VmHWM"])


class Client:
    """A keep-alive httpx client that tags requests so the bench server can time them."""

    def __init__(self, http: httpx.Client, server_timing: bool):
        self.http, self.server_timing, self._ids = http, server_timing, itertools.count(1)

    def tag(self) -> tuple[str, dict[str, str]]:
        tag = str(next(self._ids))
        return tag, ({"X-Bench-Id": tag} if self.server_timing else {})

    def timings(self):
        """Fetch (and clear) the server's times; a function from tags to their total ms."""
        found = self.http.get("/_bench/timings").json() if self.server_timing else {}
        return lambda tags: [found[t][1] for t in tags if t in found]

    def post(self, path: str, content, headers: dict[str, str], want: int = 201) -> tuple[httpx.Response, str]:
        tag, extra = self.tag()
        r = self.http.post(path, content=content, headers={**headers, **extra})
        if r.status_code != want:
            raise RuntimeError(f"POST {path} answered {r.status_code}: {r.text[:300]}")
        return r, tag

    def get_stream(self, path: str) -> tuple[float, float, int, str]:
        """(ms to the first body chunk, ms in all, bytes, tag) of one streamed GET."""
        tag, extra = self.tag()
        started = time.perf_counter()
        first, size = None, 0
        with self.http.stream("GET", path, headers=extra) as r:
            if r.status_code != 200:
                raise RuntimeError(f"GET {path} answered {r.status_code}: {r.read()[:300]!r}")
            for chunk in r.iter_raw():
                first = first or time.perf_counter()
                size += len(chunk)
        end = time.perf_counter()
        return ((first or end) - started) * 1000, (end - started) * 1000, size, tag
