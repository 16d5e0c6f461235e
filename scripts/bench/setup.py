"""Benchmark set-up: a fresh database, migrated and bulk-seeded through the real CLI."""

import json
import os
import re
import secrets
import subprocess
import sys
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_SERVER = "postgresql+psycopg://postgres@127.0.0.1:5432"
STATE_FILE = "bench.json"


@dataclass
class BenchDB:
    backend: str  # "sqlite" or "postgresql"
    data_dir: str
    database_url: str  # empty for SQLite in data_dir (the app's default)
    pg_name: str = ""
    agent_email: str = ""
    agent_password: str = ""
    tickets: int = 0
    replies: int = 0
    seed_seconds: float = 0.0  # wall clock of the whole `seed-bulk` command
    seed_reported: str = ""  # the command's own summary line

    def env(self) -> dict[str, str]:
        env = {**os.environ, "HELPDESK_DATA_DIR": self.data_dir, "PYTHONUNBUFFERED": "1"}
        if self.database_url:
            env["HELPDESK_DATABASE_URL"] = self.database_url
        else:
            env.pop("HELPDESK_DATABASE_URL", None)
        return env

    def save(self) -> Path:
        path = Path(self.data_dir) / STATE_FILE
        path.write_text(json.dumps(asdict(self), indent=2))
        path.chmod(0o600)
        return path

    @classmethod
    def load(cls, data_dir: str) -> "BenchDB":
        return cls(**json.loads((Path(data_dir) / STATE_FILE).read_text()))


def _admin_sql(sql: str) -> None:
    """CREATE/DROP DATABASE on the shared server (needs autocommit)."""
    from sqlalchemy import create_engine

    engine = create_engine(f"{PG_SERVER}/postgres", isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as conn:
            conn.exec_driver_sql(sql)
    finally:
        engine.dispose()


def create(backend: str, data_dir: str) -> BenchDB:
    Path(data_dir).mkdir(parents=True, exist_ok=True)
    if backend == "sqlite":
        return BenchDB(backend, data_dir, "")
    name = f"helpdesk_bench_{secrets.token_hex(4)}"
    _admin_sql(f'CREATE DATABASE "{name}"')
    return BenchDB(backend, data_dir, f"{PG_SERVER}/{name}", pg_name=name)


def drop(db: BenchDB) -> None:
    if db.pg_name:
        _admin_sql(f'DROP DATABASE IF EXISTS "{db.pg_name}" WITH (FORCE)')


def _cli(db: BenchDB, *args: str) -> str:
    proc = subprocess.run(
        [sys.executable, "-m", "helpdesk_app", *args], cwd=ROOT, env=db.env(),
        capture_output=True, text=True,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"`helpdesk_app {args[0]}` failed:\n{proc.stdout}{proc.stderr}")
    return proc.stdout


def migrate(db: BenchDB) -> None:
    """helpdesk_app.migrations.upgrade(), run in a child with the benchmark's environment."""
    code = "from helpdesk_app import migrations; migrations.upgrade()"
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=db.env(), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"migration failed:\n{proc.stdout}{proc.stderr}")


def seed(db: BenchDB, tickets: int, replies_per_ticket: int, extra: tuple[str, ...] = ()) -> None:
    started = time.perf_counter()
    out = _cli(db, "seed-bulk", "--tickets", str(tickets), "--replies-per-ticket", str(replies_per_ticket), *extra)
    db.seed_seconds = time.perf_counter() - started
    line = next((x for x in out.splitlines() if x.startswith("Inserted")), "")
    db.seed_reported = " ".join(x for x in out.splitlines() if x.startswith("Inserted"))
    found = re.search(r"Inserted (\d+) tickets and (\d+) replies", line)
    db.tickets, db.replies = (int(found[1]), int(found[2])) if found else (tickets, tickets * replies_per_ticket)


def reindex(db: BenchDB) -> tuple[str, float]:
    """`search reindex` through the CLI: its summary line and the wall clock."""
    started = time.perf_counter()
    out = _cli(db, "search", "reindex").strip()
    return out, time.perf_counter() - started


def create_agent(db: BenchDB) -> None:
    db.agent_email = f"bench-agent-{secrets.token_hex(3)}@example.com"
    db.agent_password = secrets.token_urlsafe(16)
    _cli(db, "users", "create", "--email", db.agent_email, "--name", "Benchmark Agent",
         "--role", "agent", "--password", db.agent_password)


def prepare(backend: str, data_dir: str, tickets: int, replies_per_ticket: int, log=print,
            extra: tuple[str, ...] = ()) -> BenchDB:
    """`extra`: more seed-bulk options (--tags, --canned-replies)."""
    db = create(backend, data_dir)
    try:
        log(f"database: {db.database_url or Path(data_dir) / 'helpdesk.db'}")
        migrate(db)
        log(f"seeding {tickets} tickets x {replies_per_ticket} replies ...")
        seed(db, tickets, replies_per_ticket, extra)
        log(f"  {db.seed_reported} (command wall clock {db.seed_seconds:.1f} s)")
        create_agent(db)
    except BaseException:
        drop(db)
        raise
    db.save()
    return db
