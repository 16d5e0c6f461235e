"""Alembic environment: the schema is helpdesk_app.models.metadata; the URL comes from the app's settings."""

from alembic import context
from sqlalchemy.types import TypeDecorator, TypeEngine

from helpdesk_app.models import metadata
from helpdesk_app.db import get_engine, make_engine
from helpdesk_app.migrations import include_name

config = context.config
target_metadata = metadata


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    url = config.get_main_option("sqlalchemy.url")
    engine = make_engine(url) if url else get_engine()
    with engine.connect() as conn:
        _run(conn)
        conn.commit()


def _render_item(type_, obj, autogen_context):
    """Write our TypeDecorators as their plain column types, so migrations never import app code."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl if isinstance(obj.impl, TypeEngine) else obj.impl()
        return f"sa.{impl!r}"
    return False


def _run(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters by copying tables
        compare_type=True,
        render_item=_render_item,
        include_name=include_name,
    )
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
