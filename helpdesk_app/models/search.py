"""The full-text index: one entry per thing a ticket can be found by.

An entry holds the words of its text, lower-cased and split as services/search/words.py does, so
both backends index exactly the same words: SQLite's FTS5 table `search_fts` (external content: it
reads `terms` from here, kept in step by triggers) and PostgreSQL's generated `tsv` column with its
GIN index. Neither is a model column: migration 0010 makes them for the backend it runs on, and
migrations.include_name keeps them out of the models-versus-migrations comparison.
"""

import enum

from sqlalchemy import Boolean, Column, ForeignKey, Index, Integer, Text
from sqlmodel import Field, SQLModel

from helpdesk_app.models.types import StrEnumType

FTS_TABLE = "search_fts"  # SQLite
TSV_COLUMN, TSV_INDEX = "tsv", "ix_search_entries_tsv"  # PostgreSQL
# The triggers that keep search_fts in step on SQLite, as migration 0010 made them (services/search/
# reindex.py drops them while it rebuilds the whole index in one pass, then makes them again).
FTS_TRIGGERS = (
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN"
    " INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);"
    " INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
)
FTS_TRIGGER_NAMES = ("search_entries_ai", "search_entries_ad", "search_entries_au")


class EntryKind(enum.StrEnum):
    ticket = "ticket"  # subject, description, and the requester's name and email
    reply = "reply"  # a public reply
    note = "note"  # an internal note: agents only
    file = "file"  # an attachment's file name (internal when on a note)


class SearchEntry(SQLModel, table=True):
    __tablename__ = "search_entries"
    __table_args__ = (Index("ix_search_entries_ticket_kind_ref", "ticket_id", "kind", "ref_id"),)

    id: int | None = Field(default=None, primary_key=True)
    ticket_id: int = Field(sa_column=Column(Integer, ForeignKey("tickets.id", ondelete="CASCADE"), nullable=False))
    kind: EntryKind = Field(sa_column=Column(StrEnumType(EntryKind), nullable=False))
    ref_id: int | None = Field(default=None, sa_column=Column(Integer))  # the reply's or attachment's id
    internal: bool = Field(sa_column=Column(Boolean, nullable=False))  # only those who see notes may match it
    terms: str = Field(sa_column=Column(Text, nullable=False))
