"""INSERT ... ON CONFLICT DO NOTHING on both backends: rows that may be there already (a watcher added
twice, by two tabs at once) without a savepoint (pysqlite's savepoints can end a use case's transaction)."""

from collections.abc import Sequence

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session


def insert_missing(session: Session, model, rows: Sequence[dict], keys: Sequence[str]) -> int:
    """Insert those of `rows` whose `keys` are not taken, in one statement; how many were new."""
    if not rows:
        return 0
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    table = model.__table__
    statement = insert(model).values(list(rows)).on_conflict_do_nothing(index_elements=list(keys))
    # Counted from RETURNING: rowcount after ON CONFLICT is not reliable on every driver.
    return len(session.execute(statement.returning(table.c[keys[0]])).all())
