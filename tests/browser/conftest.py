"""The app started as in production (reflex --env prod) on its own port and database, and Chromium.

With HELPDESK_TEST_REDIS_URL set (a Redis server: the PostgreSQL run of make test), the app runs as
two processes sharing the pages' state in Redis, as `make run WORKERS=2` would, on a Redis database
of its own that is emptied afterwards.
"""

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import sync_playwright

from tests.support import backend_name, fresh_database, fresh_redis

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _cli(env: dict, *args: str) -> None:
    subprocess.run([sys.executable, "-m", "helpdesk_app", *args], cwd=ROOT, env=env, check=True,
                   capture_output=True, text=True)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory):
    """Base URL and environment of a production server on a fresh database."""
    data_dir = tmp_path_factory.mktemp("browser-data")
    with fresh_database(backend_name(), data_dir) as url, fresh_redis() as redis_url:
        port, workers = _free_port(), 2 if redis_url else 1
        env = {**os.environ, "HELPDESK_DATA_DIR": str(data_dir), "HELPDESK_DATABASE_URL": url,
               "HELPDESK_PORT": str(port), "HELPDESK_HOST": "127.0.0.1", "GRANIAN_WORKERS": str(workers),
               "HELPDESK_REDIS_URL": redis_url or "", "HELPDESK_SERVED_BY_HEADER": "true",
               # Its own build folder, so a developer's running `make run` keeps working.
               "REFLEX_WEB_WORKDIR": str(ROOT / ".web-test"), "REFLEX_STATES_WORKDIR": str(ROOT / ".states-test")}
        _cli(env, "migrate")
        log = (data_dir / "server.log").open("w")
        proc = subprocess.Popen(
            [str(ROOT / ".venv/bin/reflex"), "run", "--env", "prod", "--single-port", "--frontend-port", str(port),
             "--backend-host", "127.0.0.1", "--loglevel", "warning"],
            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            deadline = time.monotonic() + 300  # the first production build takes a while
            while True:
                if proc.poll() is not None:
                    raise RuntimeError(f"app exited early:\n{(data_dir / 'server.log').read_text()[-3000:]}")
                try:
                    if httpx.get(f"{base}/ping", timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError("app did not start in time")
                time.sleep(0.5)
            yield {"base": base, "env": env, "workers": workers}
        finally:
            os.killpg(proc.pid, signal.SIGTERM)
            try:
                proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
            log.close()


@pytest.fixture(scope="session")
def create_user(app_server):
    def make(email: str, name: str, role: str, password: str = "browser-test-pass") -> tuple[str, str]:
        _cli(app_server["env"], "users", "create", "--email", email, "--name", name, "--role", role,
             "--password", password)
        return email, password
    return make


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def new_page(browser, app_server):
    """Pages in fresh contexts (separate cookies), one per person in a test."""
    contexts = []

    def make():
        context = browser.new_context(base_url=app_server["base"], viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()
    yield make
    for c in contexts:
        c.close()
