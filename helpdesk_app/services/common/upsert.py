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
    result = session.execute(insert(model).values(list(rows)).on_conflict_do_nothing(index_elements=list(keys)))
    return max(result.rowcount, 0)
