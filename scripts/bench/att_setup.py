"""Attachment benchmark set-up: a fresh database with an agent, the server, SeaweedFS and clamd."""

import contextlib
import sys
import time
from pathlib import Path

import psutil

from scripts.bench import setup as bench_setup
from scripts.bench.server import Server

ROOT = bench_setup.ROOT

def prepare(backend: str, data_dir: str, log=print) -> bench_setup.BenchDB:
    """A new, empty database (migrated) and an agent; no seeding: attachments need none."""
    db = bench_setup.create(backend, data_dir)
    try:
        log(f"database: {db.database_url or Path(data_dir) / 'helpdesk.db'}")
        bench_setup.migrate(db)
        bench_setup.create_agent(db)
    except BaseException:
        bench_setup.drop(db)
        raise
    db.save()
    return db


@contextlib.contextmanager
def services(storage: str, scan: str, work_dir: Path, log=print):
    """HELPDESK_* variables for storage local|s3 and scan off|clamd, with SeaweedFS or clamd
    running while the block runs."""
    env = {"HELPDESK_STORAGE": storage, "HELPDESK_VIRUS_SCAN": scan}
    with contextlib.ExitStack() as stack:
        if storage == "s3":
            from tests.s3_server import seaweedfs_s3

            started = time.perf_counter()
            s3 = stack.enter_context(seaweedfs_s3(work_dir / "seaweedfs"))
            env |= {"HELPDESK_S3_BUCKET": s3.make_bucket("helpdesk-bench"), "HELPDESK_S3_ENDPOINT_URL": s3.endpoint_url,
                    "HELPDESK_S3_ACCESS_KEY_ID": s3.access_key, "HELPDESK_S3_SECRET_ACCESS_KEY": s3.secret_key,
                    "HELPDESK_S3_REGION": s3.region}
            log(f"SeaweedFS S3 at {s3.endpoint_url} (started in {time.perf_counter() - started:.1f} s)")
        if scan == "clamd":
            from tests.clamd_server import clamd_server

            started = time.perf_counter()
            clamd = stack.enter_context(clamd_server())
            env |= {"HELPDESK_CLAMD_SOCKET": clamd.socket_path}
            log(f"clamd on {clamd.socket_path} (started in {time.perf_counter() - started:.1f} s)")
        yield env


class AttServer(Server):
    """scripts/bench/att_server.py under uvicorn (default: one process, h11, asyncio, as the ticket
    benchmark) or granian (what `reflex run --env prod` uses here: gunicorn is not installed)."""

    app = "scripts.bench.att_server:app"
    ping = "/_bench/ping"

    def __init__(self, env: dict[str, str], log_path: Path, http: str = "uvicorn"):
        super().__init__(env, log_path)
        self.http = http

    def command(self) -> list[str]:
        if self.http == "granian":
            return [sys.executable, "-m", "granian", "--interface", "asgi", "--host", "127.0.0.1",
                    "--port", str(self.port), "--workers", "1", "--no-ws", "--log-level", "warning", self.app]
        return super().command()

    def app_pid(self) -> int:
        """The process that runs the app: uvicorn itself, or granian's one worker."""
        assert self.proc is not None
        if self.http != "granian":
            return self.proc.pid
        for _ in range(50):
            children = psutil.Process(self.proc.pid).children(recursive=True)
            if children:
                return children[-1].pid
            time.sleep(0.1)
        raise RuntimeError("granian has no worker process")
