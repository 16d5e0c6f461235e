"""Run Alembic from code: `make run`, the CLI and the tests all migrate through here."""

from pathlib import Path

from alembic import command
from alembic.config import Config

from helpdesk_app.models.search import FTS_TABLE, TSV_COLUMN, TSV_INDEX

ROOT = Path(__file__).resolve().parent.parent


def alembic_config(url: str | None = None) -> Config:
    config = Config(str(ROOT / "alembic.ini"))
    config.set_main_option("script_location", str(ROOT / "alembic"))
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(url: str | None = None) -> None:
    command.upgrade(alembic_config(url), "head")


def include_name(name: str | None, type_: str, _parents: dict) -> bool:
    """What the models-versus-database comparison looks at: not the search index's backend-only parts
    (SQLite's FTS5 table and its shadow tables, PostgreSQL's tsvector column and GIN index), which the
    models cannot describe on both backends (models/search.py)."""
    if type_ == "table" and name is not None and name.startswith(FTS_TABLE):
        return False
    return not (type_ == "column" and name == TSV_COLUMN or type_ == "index" and name == TSV_INDEX)
