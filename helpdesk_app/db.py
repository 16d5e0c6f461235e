"""The database engine and sessions; one engine per process, created lazily."""

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import StaticPool
from sqlmodel import Session, create_engine

from helpdesk_app.config import get_settings

_engine: Engine | None = None
_own = threading.local()  # a thread's own connection: see own_connection()


def _sqlite_pragmas(dbapi_conn, _record) -> None:
    cur = dbapi_conn.cursor()
    # WAL lets readers run while one writer commits; the busy timeout queues writers.
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA busy_timeout=10000")
    cur.close()


def make_engine(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True, pool_size=10, max_overflow=20)


def get_engine() -> Engine:
    global _engine
    if _engine is None:
        settings = get_settings()
        if not settings.database_url:
            settings.data_dir.mkdir(parents=True, exist_ok=True)
        _engine = make_engine(settings.sqlalchemy_url)
    return _engine


def use_engine(engine: Engine | None) -> None:
    """Point the app at another engine (tests, CLI --database-url)."""
    global _engine
    _engine = engine


def optimize() -> None:
    """Refresh SQLite's query planner statistics (it never gathers them on its own)."""
    engine = get_engine()
    if engine.dialect.name == "sqlite":
        with engine.connect() as conn:
            conn.exec_driver_sql("PRAGMA optimize=0x10002")


@contextmanager
def new_session() -> Iterator[Session]:
    """A session for one request, handler or command. It never commits: the use cases it is handed
    to do that (services.common.unit_of_work); anything else is rolled back when it closes."""
    with Session(get_engine(), expire_on_commit=False) as session:
        yield session


@contextmanager
def own_connection() -> Iterator[Connection]:
    """This thread's own connection, outside the pool, for the quick reads the event loop makes
    itself (its transaction ends on exit). A pooled one could mean waiting, on the loop, for
    threads that need the loop to give theirs back. On SQLite it never waits for a lock either: a
    busy database raises OperationalError at once, for the caller to retry in a worker thread."""
    engine = get_engine()
    held = getattr(_own, "held", None)
    if held is None or held[0] is not engine:
        if held is not None:  # the app was pointed at another database (tests, the CLI)
            held[1].close()
            held[2].dispose()
        sqlite = engine.dialect.name == "sqlite"
        own = create_engine(engine.url, connect_args={"check_same_thread": False} if sqlite else {},
                            poolclass=StaticPool)
        if sqlite:
            event.listen(own, "connect", _sqlite_pragmas)
        conn = own.connect()
        if sqlite:
            conn.exec_driver_sql("PRAGMA busy_timeout=0")
        held = _own.held = (engine, conn, own)
    conn = held[1]
    try:
        yield conn
    finally:
        conn.rollback()  # an open read transaction would hold back WAL checkpoints
