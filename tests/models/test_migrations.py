"""Alembic builds exactly the schema the models describe, on SQLite and on PostgreSQL.

Each test migrates its own fresh, empty database (not the session's test database).
"""

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from helpdesk_app import migrations
from helpdesk_app.db import make_engine
from helpdesk_app.models import TicketNumberCounter, metadata
from tests.support import fresh_database, postgres_base_url

BACKENDS = [
    "sqlite",
    pytest.param("postgresql", marks=pytest.mark.skipif(
        not postgres_base_url(), reason="HELPDESK_TEST_DATABASE_URL is not set")),
]


@pytest.fixture(params=BACKENDS)
def empty_database(request, tmp_path):
    with fresh_database(request.param, tmp_path) as url:
        yield url


def _differences(url: str) -> list:
    """What `alembic revision --autogenerate` would write, compared as alembic/env.py does."""
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={
                "target_metadata": metadata,
                "compare_type": True,
                "render_as_batch": conn.dialect.name == "sqlite",
                "include_name": migrations.include_name,
            })
            return compare_metadata(context, metadata)
    finally:
        engine.dispose()


def _tables(url: str) -> set[str]:
    engine = make_engine(url)
    try:
        return {t for t in inspect(engine).get_table_names() if migrations.include_name(t, "table", {})}
    finally:
        engine.dispose()


def _counter(url: str) -> list[tuple[int, int]]:
    engine = make_engine(url)
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(select(TicketNumberCounter.id, TicketNumberCounter.last_number))]
    finally:
        engine.dispose()


def test_there_is_one_head():
    heads = ScriptDirectory.from_config(migrations.alembic_config()).get_heads()
    assert len(heads) == 1


def test_upgrade_head_on_an_empty_database_matches_the_models(empty_database):
    assert _tables(empty_database) == set()
    migrations.upgrade(empty_database)
    assert _tables(empty_database) == {t.name for t in metadata.sorted_tables} | {"alembic_version"}
    assert _differences(empty_database) == []
    # Ticket numbers start after 1000.
    assert _counter(empty_database) == [(1, 1000)]


def test_downgrade_to_base_and_upgrade_again(empty_database):
    migrations.upgrade(empty_database)
    command.downgrade(migrations.alembic_config(empty_database), "base")
    assert _tables(empty_database) == {"alembic_version"}
    migrations.upgrade(empty_database)
    assert _differences(empty_database) == []
    assert _counter(empty_database) == [(1, 1000)]


def test_the_comparison_can_see_a_difference(empty_database):
    """Guard the guard: a database missing an index is reported."""
    migrations.upgrade(empty_database)
    engine = make_engine(empty_database)
    try:
        with engine.begin() as conn:
            conn.exec_driver_sql("DROP INDEX ix_tickets_created")
    finally:
        engine.dispose()
    diffs = _differences(empty_database)
    assert [d[0] for d in diffs] == ["add_index"]
    assert diffs[0][1].name == "ix_tickets_created"
