"""Fast bulk data for benchmarks: many tickets and replies, inserted in batches.

Rows are built as tuples and converted by the columns' own SQLAlchemy bind processors (so they
are stored exactly as the ORM would store them), then written with PostgreSQL's COPY or the
driver's executemany on SQLite. Ticket numbers are reserved up front, so each batch's ids are
read back by number range. Afterwards the planner statistics are refreshed (VACUUM ANALYZE on
PostgreSQL, whose autovacuum may be off or late; ANALYZE on SQLite).
"""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import Table, insert, select, update
from sqlmodel import Session

from helpdesk_app.models import (
    Reply, Role, Ticket, TicketNumberCounter, TicketPriority, TicketSource, TicketStatus, User, utcnow,
)
from helpdesk_app.services.identity.passwords import hash_password

BATCH = 5_000  # tickets per transaction (with their replies)
WORDS = (
    "printer", "invoice", "login", "password", "refund", "order", "shipping", "account", "error", "page", "slow",
    "upgrade", "plan", "email", "export", "report", "crash", "update", "mobile", "app", "payment", "card", "access",
    "user", "settings", "sync",
)
# Words for the search benchmark (scripts/bench/search.py): each text also carries TOPICS_PER_TEXT of
# TOPIC_WORDS "topic" words (so each is in about 1% of entries) and one of RARE_WORDS rare ones (each
# in a few dozen entries of a million). Spelled in letters (zeb..., qu...), like real words.
TOPIC_WORDS, TOPICS_PER_TEXT, RARE_WORDS = 300, 3, 50_000


def _letters(n: int, width: int) -> str:
    out = ""
    for _ in range(width):
        n, digit = divmod(n, 26)
        out = chr(97 + digit) + out
    return out


TOPICS = [f"zeb{_letters(i, 2)}" for i in range(TOPIC_WORDS)]
RARE = [f"qu{_letters(i, 4)}" for i in range(RARE_WORDS)]
TICKET_COLUMNS = ("number", "subject", "description", "status", "priority", "requester_id",
                  "assignee_id", "created_by_id", "created_at", "updated_at", "last_activity_at", "source")
REPLY_COLUMNS = ("ticket_id", "author_id", "body", "internal", "created_at")


@dataclass
class BulkResult:
    tickets: int
    replies: int
    password: str  # shared by the bulk users, printed once


class _Texts:
    """Random sentences of one length, drawn from a pool (building 1.2 million of them took ~5 s), each
    with topic words in it and a rare word after it (see TOPICS)."""

    def __init__(self, rng: random.Random, words: int, size: int = 4096):
        def sentence() -> str:
            chosen = rng.choices(WORDS, k=max(1, words - TOPICS_PER_TEXT)) + rng.sample(TOPICS, TOPICS_PER_TEXT)
            rng.shuffle(chosen)
            return " ".join(chosen).capitalize()
        self.pool = [sentence() for _ in range(size)]
        self.rng = rng

    def __call__(self) -> str:
        return f"{self.rng.choice(self.pool)} {self.rng.choice(RARE)}."


def _users(session: Session, role: Role, count: int, tag: str, password_hash: str) -> list[int]:
    now = utcnow()
    rows = [
        {"email": f"bulk-{tag}-{role.value}{i}@example.com", "name": f"Bulk {role.value.title()} {i}",
         "role": role, "is_active": True, "password_hash": password_hash, "created_at": now}
        for i in range(count)
    ]
    session.execute(insert(User), rows)
    emails = [r["email"] for r in rows]
    return list(session.execute(select(User.id).where(User.email.in_(emails))).scalars())


class _Writer:
    """Append rows to a table: COPY on PostgreSQL (psycopg 3), executemany on SQLite; same stored values."""

    def __init__(self, session: Session, table: Table, columns: tuple[str, ...]):
        self.conn = session.connection()
        dialect = self.conn.dialect
        self.mode = {("postgresql", "psycopg"): "copy", ("sqlite", "pysqlite"): "executemany"}.get(
            (dialect.name, dialect.driver), "sqlalchemy")
        self.table, self.columns = table, columns
        self.procs = [(i, p) for i, c in enumerate(columns)
                      if (p := table.c[c].type.dialect_impl(dialect).bind_processor(dialect)) is not None]
        names = ", ".join(columns)
        self.sql = (f"COPY {table.name} ({names}) FROM STDIN" if self.mode == "copy"
                    else f"INSERT INTO {table.name} ({names}) VALUES ({', '.join('?' * len(columns))})")

    def write(self, rows: list[tuple]) -> None:
        if self.mode == "sqlalchemy":  # any other driver: slower, same result
            self.conn.execute(insert(self.table), [dict(zip(self.columns, r, strict=True)) for r in rows])
            return
        converted = []
        for row in rows:
            row = list(row)
            for i, proc in self.procs:
                row[i] = proc(row[i])
            converted.append(row)
        driver_conn = self.conn.connection.driver_connection
        if self.mode == "copy":
            with driver_conn.cursor() as cur, cur.copy(self.sql) as copy:
                for row in converted:
                    copy.write_row(row)
        else:
            driver_conn.executemany(self.sql, converted)


def _ticket_ids(session: Session, first: int, last: int) -> list[int]:
    """Ids of the tickets numbered first..last, in number order (the numbers were reserved for us)."""
    sql = select(Ticket.id).where(Ticket.number.between(first, last)).order_by(Ticket.number)
    return list(session.execute(sql).scalars())


def _refresh_statistics(session: Session) -> None:
    """Planner statistics (and, on PostgreSQL, the visibility map for index-only scans)."""
    engine = session.get_bind()
    with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        if engine.dialect.name == "postgresql":
            for table in ("users", "tickets", "replies"):
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
        elif engine.dialect.name == "sqlite":
            conn.exec_driver_sql("ANALYZE")


def seed_bulk(session: Session, *, tickets: int, replies_per_ticket: int, seed: int = 7) -> BulkResult:
    rng = random.Random(seed)
    password = secrets.token_urlsafe(12)
    pw_hash = hash_password(password)
    tag = secrets.token_hex(3)
    agents = _users(session, Role.agent, 20, tag, pw_hash)
    customers = _users(session, Role.customer, max(10, min(5_000, tickets // 20)), tag, pw_hash)
    first = session.execute(
        update(TicketNumberCounter).where(TicketNumberCounter.id == 1)
        .values(last_number=TicketNumberCounter.last_number + tickets)
        .returning(TicketNumberCounter.last_number)
    ).one()[0] - tickets + 1
    now = utcnow()
    statuses, priorities = list(TicketStatus), list(TicketPriority)
    subject, description, body = _Texts(rng, 6), _Texts(rng, 30), _Texts(rng, 25)
    made_replies = 0
    for start in range(0, tickets, BATCH):
        count = min(BATCH, tickets - start)
        ticket_rows = []
        for i in range(count):
            created = now - timedelta(minutes=rng.randrange(525_600))
            requester = rng.choice(customers)
            ticket_rows.append((
                first + start + i, subject(), description(),
                rng.choice(statuses), rng.choice(priorities), requester,
                rng.choice(agents) if rng.random() < 0.8 else None, requester,
                created, created, created + timedelta(minutes=rng.randrange(10_000)), TicketSource.web,
            ))
        _Writer(session, Ticket.__table__, TICKET_COLUMNS).write(ticket_rows)
        ids = _ticket_ids(session, first + start, first + start + count - 1)
        reply_rows = []
        for ticket_id, row in zip(ids, ticket_rows, strict=True):
            requester, created = row[5], row[8]
            for j in range(replies_per_ticket):
                staff = j % 2 == 1
                reply_rows.append((
                    ticket_id, rng.choice(agents) if staff else requester, body(),
                    staff and rng.random() < 0.2, created + timedelta(minutes=5 * (j + 1)),
                ))
        _Writer(session, Reply.__table__, REPLY_COLUMNS).write(reply_rows)
        made_replies += len(reply_rows)
        session.commit()
    session.commit()  # the users and numbers, even when no tickets were asked for
    _refresh_statistics(session)
    return BulkResult(tickets=tickets, replies=made_replies, password=password)
