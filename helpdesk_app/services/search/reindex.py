"""Rebuild the whole index from the tickets, replies and files (the CLI's `search reindex`).

One transaction: until it commits, searches see the old index, and a failure leaves it as it was.
Rows are read and written in batches, so memory stays flat however many there are. On SQLite the
FTS5 table is rebuilt once at the end, its triggers dropped meanwhile (in the same transaction):
through the triggers each entry cost 90 us, the rebuild costs 8.
"""

from collections.abc import Callable

from sqlalchemy import delete, func, insert, select, text
from sqlmodel import Session

from helpdesk_app.models import Attachment, Reply, SearchEntry, Ticket
from helpdesk_app.models.search import FTS_TABLE, FTS_TRIGGER_NAMES, FTS_TRIGGERS
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.services.search.indexing import TICKET_TEXTS, file_entry, reply_entry, ticket_entry

BATCH = 5000
_entries = SearchEntry.__table__


def _sources():
    """Each kind of row as (count query, rows query, entry maker), in id order."""
    replies = select(Reply.ticket_id, Reply.id, Reply.body, Reply.internal)
    files = (select(Attachment.ticket_id, Attachment.id, Attachment.filename, func.coalesce(Reply.internal, False))
             .outerjoin(Reply, Reply.id == Attachment.reply_id).where(Attachment.deleted_at.is_(None)))
    return [(Ticket.id, TICKET_TEXTS, ticket_entry), (Reply.id, replies, reply_entry),
            (Attachment.id, files, file_entry)]


def total_rows(session: Session) -> int:
    return sum(session.execute(select(func.count()).select_from(q.subquery())).scalar_one() for _, q, _ in _sources())


def is_empty(session: Session) -> bool:
    return session.execute(select(SearchEntry.id).limit(1)).first() is None


@use_case
def reindex(session: Session, progress: Callable[[int], None] = lambda _n: None) -> int:
    """Index everything again; `progress(n)` after each batch of n rows. How many entries there are."""
    sqlite = session.get_bind().dialect.name == "sqlite"
    if sqlite:
        for name in FTS_TRIGGER_NAMES:
            session.execute(text(f"DROP TRIGGER IF EXISTS {name}"))
    session.execute(delete(SearchEntry))
    written = 0
    for key, query, make in _sources():
        after = 0
        while True:
            rows = session.execute(query.where(key > after).order_by(key).limit(BATCH)).all()
            if not rows:
                break
            session.execute(insert(_entries), [make(*row) for row in rows])
            after = rows[-1][1] if key is not Ticket.id else rows[-1][0]
            written += len(rows)
            progress(len(rows))
    if sqlite:
        session.execute(text(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')"))
        for statement in FTS_TRIGGERS:
            session.execute(text(statement))
    return written
