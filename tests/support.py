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
