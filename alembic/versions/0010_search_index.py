"""search index: search_entries, and SQLite's FTS5 table or PostgreSQL's tsvector column and GIN index

Both index the entries' `terms` (words already lower-cased and split by the app, so the backends
agree). Existing tickets are indexed by `python -m helpdesk_app search reindex --if-empty`, which
`make run` runs after migrating.

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-04 18:49:12.171108
"""
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op


revision: str = '0010'
down_revision: str | None = '0009'
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# External content: FTS5 reads `terms` from search_entries and keeps no copy; the triggers keep it in
# step with every insert, update and delete (a ticket's cascade included). unicode61 without
# removing diacritics, as PostgreSQL's 'simple' configuration does not remove them either.
_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE search_fts USING fts5(terms, content='search_entries', content_rowid='id',"
    " tokenize='unicode61 remove_diacritics 0')",
    "CREATE TRIGGER search_entries_ai AFTER INSERT ON search_entries BEGIN"
    " INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
    "CREATE TRIGGER search_entries_ad AFTER DELETE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms); END",
    "CREATE TRIGGER search_entries_au AFTER UPDATE ON search_entries BEGIN"
    " INSERT INTO search_fts(search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);"
    " INSERT INTO search_fts(rowid, terms) VALUES (new.id, new.terms); END",
)


def upgrade() -> None:
    op.create_table('search_entries',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ticket_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=16), nullable=False),
    sa.Column('ref_id', sa.Integer(), nullable=True),
    sa.Column('internal', sa.Boolean(), nullable=False),
    sa.Column('terms', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id')
    )
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.create_index('ix_search_entries_ticket_kind_ref', ['ticket_id', 'kind', 'ref_id'], unique=False)
    if op.get_bind().dialect.name == 'postgresql':
        op.execute("ALTER TABLE search_entries ADD COLUMN tsv tsvector"
                   " GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, terms)) STORED")
        op.execute("CREATE INDEX ix_search_entries_tsv ON search_entries USING gin (tsv)")
    else:
        for statement in _SQLITE_FTS:
            op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        for name in ('search_entries_ai', 'search_entries_ad', 'search_entries_au'):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS search_fts")
    with op.batch_alter_table('search_entries', schema=None) as batch_op:
        batch_op.drop_index('ix_search_entries_ticket_kind_ref')

    op.drop_table('search_entries')
