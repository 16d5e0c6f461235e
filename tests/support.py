"""Test helpers shared by the fixtures and by tests that need their own database."""

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, make_url, text
from sqlalchemy.engine import Engine
from sqlalchemy.pool import NullPool

from helpdesk_app.models import TicketNumberCounter, metadata

TEST_DATABASE_ENV = "HELPDESK_TEST_DATABASE_URL"
TEST_REDIS_ENV = "HELPDESK_TEST_REDIS_URL"
# Factory users share this password unless a test asks for another; hashed once per session.
DEFAULT_PASSWORD = "correct horse battery staple"


def postgres_base_url() -> str | None:
    return os.environ.get(TEST_DATABASE_ENV) or None


def backend_name() -> str:
    return "postgresql" if postgres_base_url() else "sqlite"


@contextmanager
def fresh_database(kind: str, directory: Path) -> Iterator[str]:
    """An empty database of `kind` ("sqlite" or "postgresql"), deleted afterwards."""
    if kind == "sqlite":
        directory.mkdir(parents=True, exist_ok=True)
        yield f"sqlite:///{directory / 'helpdesk-test.db'}"
        return
    base = postgres_base_url()
    if not base:
        raise RuntimeError(f"{TEST_DATABASE_ENV} is not set")
    name = f"helpdesk_test_{secrets.token_hex(6)}"
    admin = create_engine(base, isolation_level="AUTOCOMMIT", poolclass=NullPool)
    try:
        with admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"'))
        try:
            yield make_url(base).set(database=name).render_as_string(hide_password=False)
        finally:
            with admin.connect() as conn:
                # FORCE ends connections an engine left in its pool (PostgreSQL 13+).
                conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    finally:
        admin.dispose()


@contextmanager
def fresh_redis() -> Iterator[str | None]:
    """A Redis database of this run's own on the server HELPDESK_TEST_REDIS_URL names (the machines'
    Redis is shared: the first empty one of databases 1-15 is taken), emptied afterwards; None when
    the variable is not set."""
    base = os.environ.get(TEST_REDIS_ENV)
    if not base:
        yield None
        return
    import redis
    for number in range(1, 16):
        client = redis.Redis.from_url(base, db=number)
        if client.dbsize() == 0 and client.set("helpdesk-test:taken", "1", nx=True):
            break
        client.close()
    else:
        raise RuntimeError(f"no empty Redis database left on {base}")
    try:
        yield f"{base.rstrip('/')}/{number}"
    finally:
        client.flushdb()
        client.close()


def wipe_database(engine: Engine) -> None:
    """Delete every row and restart the ticket numbers at 1001."""
    tables = metadata.sorted_tables
    with engine.begin() as conn:
        if engine.dialect.name == "postgresql":
            names = ", ".join(f'"{t.name}"' for t in tables)
            conn.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))
        else:
            for table in reversed(tables):
                conn.execute(table.delete())
        conn.execute(TicketNumberCounter.__table__.insert().values(id=1, last_number=1000))


def field_messages(response) -> dict[str, str]:
    """A 422 answer as {"body.subject": "message", ...}, checking FastAPI's error shape on the way."""
    assert response.status_code == 422, response.text
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail
    out = {}
    for item in detail:
        assert isinstance(item["loc"], list) and isinstance(item["msg"], str) and item["msg"]
        out[".".join(str(p) for p in item["loc"])] = item["msg"]
    return out
