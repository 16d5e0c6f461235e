"""The index lookup on each backend: the entries matching some terms, with a score (lower is better).

SQLite: FTS5's MATCH and its bm25 `rank`. PostgreSQL: the GIN-indexed tsvector and ts_rank, negated
so that on both the best entry sorts first.
"""

from sqlalchemy import column, func, literal_column, select, table
from sqlalchemy.dialects.postgresql import distinct_on
from sqlmodel import Session

from helpdesk_app.models import SearchEntry
from helpdesk_app.models.search import FTS_TABLE, TSV_COLUMN
from helpdesk_app.services.search.syntax import Term, fts5_match, tsquery

_fts = table(FTS_TABLE, column("rowid"), column("rank"))
_SIMPLE = literal_column("'simple'::regconfig")
_tsv = literal_column(f"{SearchEntry.__tablename__}.{TSV_COLUMN}")


def matching(session: Session, terms: tuple[Term, ...], *, notes: bool, any_of: bool = False):
    """A select of (id, ticket_id, score) of the entries matching all of `terms` (any of them, with
    `any_of`); without `notes`, internal entries never match."""
    if session.get_bind().dialect.name == "postgresql":
        query = func.to_tsquery(_SIMPLE, tsquery(terms, " | " if any_of else " & "))
        found = select(SearchEntry.id, SearchEntry.ticket_id, (-func.ts_rank(_tsv, query)).label("score")).where(
            _tsv.op("@@")(query))
    else:
        found = (select(SearchEntry.id, SearchEntry.ticket_id, _fts.c.rank.label("score")).select_from(_fts)
                 .join(SearchEntry.__table__, SearchEntry.id == _fts.c.rowid)
                 .where(literal_column(FTS_TABLE).op("MATCH")(fts5_match(terms, " OR " if any_of else " AND "))))
    return found if notes else found.where(SearchEntry.internal.is_(False))


def best_entries(session: Session, found):
    """Per ticket, its best-scoring entry of `found` (a subquery of matching): (ticket_id, score, entry_id).
    SQLite takes the other columns of min()'s row as they are; PostgreSQL says so with DISTINCT ON."""
    if session.get_bind().dialect.name == "postgresql":
        return (select(found.c.ticket_id, found.c.score, found.c.id.label("entry_id"))
                .ext(distinct_on(found.c.ticket_id)).order_by(found.c.ticket_id, found.c.score).subquery())
    return (select(found.c.ticket_id, func.min(found.c.score).label("score"), found.c.id.label("entry_id"))
            .group_by(found.c.ticket_id).subquery())
