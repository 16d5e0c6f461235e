"""The CLI as a real subprocess against its own fresh database (see test_cli.py's docstring)."""

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlmodel import Session

from helpdesk_app import migrations
from helpdesk_app.db import make_engine
from tests.support import backend_name, fresh_database

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Cli:
    data_dir: Path
    url: str
    env: dict[str, str]

    def run(self, *args: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, "-m", "helpdesk_app", *args], cwd=ROOT, env=self.env,
            capture_output=True, text=True, timeout=120,
        )

    def query(self, fn):
        engine = make_engine(self.url)
        try:
            with Session(engine) as session:
                return fn(session)
        finally:
            engine.dispose()


@pytest.fixture
def cli(tmp_path) -> Cli:
    data_dir = tmp_path / "data"
    kind = backend_name()
    with fresh_database(kind, tmp_path / "pg-unused") as fresh_url:
        env = {k: v for k, v in os.environ.items() if not k.startswith("HELPDESK_")}
        env["HELPDESK_DATA_DIR"] = str(data_dir)
        if kind == "sqlite":
            url = f"sqlite:///{data_dir / 'helpdesk.db'}"  # where the app puts it by default
        else:
            url = env["HELPDESK_DATABASE_URL"] = fresh_url
        yield Cli(data_dir=data_dir, url=url, env=env)


@pytest.fixture
def migrated_cli(cli) -> Cli:
    cli.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(cli.url)
    return cli
