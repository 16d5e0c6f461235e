"""The benchmark's own API server: the real REST API plus bare baseline routes, under uvicorn.

`python -m uvicorn scripts.bench.server:app` serves helpdesk_app.api.create_api() with two extra
routes that do comparable I/O without the application's layers:
  GET /_bench/baseline/{id}  one primary-key lookup on tickets, as plain JSON (sync, threadpool,
                             like the API's own sync endpoints)
  GET /_bench/ping           no database at all
"""

import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[2]


def _build_app():
    from sqlalchemy import text
    from starlette.responses import JSONResponse

    from helpdesk_app.api import create_api
    from helpdesk_app.db import get_engine

    api = create_api()
    lookup = text("SELECT id, number, subject, status FROM tickets WHERE id = :id")

    @api.get("/_bench/baseline/{ticket_id}", include_in_schema=False)
    def baseline(ticket_id: int) -> JSONResponse:
        with get_engine().connect() as conn:
            row = conn.execute(lookup, {"id": ticket_id}).first()
        return JSONResponse(None if row is None else {"id": row[0], "number": row[1], "subject": row[2]})

    @api.get("/_bench/ping", include_in_schema=False)
    def ping() -> JSONResponse:
        return JSONResponse({"ok": True})

    return api


if os.environ.get("HELPDESK_BENCH_SERVER") == "1":
    app = _build_app()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """uvicorn in a child process, pointed at the benchmark database by the environment."""

    app = "scripts.bench.server:app"  # subclasses serve another module (att_server.py)
    ping = "/_bench/ping"

    def __init__(self, env: dict[str, str], log_path: Path):
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self.env = {**env, "HELPDESK_BENCH_SERVER": "1"}
        self.log_path = log_path
        self.proc: subprocess.Popen | None = None

    def command(self) -> list[str]:
        return [sys.executable, "-m", "uvicorn", self.app, "--host", "127.0.0.1",
                "--port", str(self.port), "--no-access-log", "--log-level", "warning"]

    def __enter__(self) -> "Server":
        self.log = open(self.log_path, "w")
        self.proc = subprocess.Popen(self.command(), cwd=ROOT, env=self.env, stdout=self.log,
                                     stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                self.log.close()
                tail = "\n".join(self.log_path.read_text().splitlines()[-15:])
                raise RuntimeError(f"uvicorn exited early:\n{tail}")
            try:
                if httpx.get(f"{self.base_url}{self.ping}", timeout=1).status_code == 200:
                    return self
            except httpx.TransportError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("uvicorn did not start within 30 s")

    def __exit__(self, *_exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
