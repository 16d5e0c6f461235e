"""A download, or an upload's checks, never make the event loop wait for a pooled database connection.

With SQLite and local disk the download's lookup runs on the event loop (so do an upload's
checks before its body is read, with SQLite). Found in review: it
once took its connection from the pool there, so with every pooled connection held by worker
threads that need the loop to give theirs back (a sync route's teardown does), the loop waited
for them and they for it, until the pool's timeout: the whole server froze and answered 500s.
"""

import asyncio
import sqlite3
import threading
import time

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from helpdesk_app.api import create_api
from helpdesk_app.api.deps import quick_read
from tests.api.files import uploaded
from tests.samples import make_pdf

PDF = make_pdf()


@pytest.mark.parametrize("kind", ["download", "upload"])
def test_a_request_with_the_pool_exhausted_does_not_freeze_the_loop(app_engine, local_files, make_ticket, customer,
                                                                     as_customer, kind):
    ticket = make_ticket(requester=customer)
    [item] = uploaded(as_customer, f"/tickets/{ticket.id}/attachments", ("report.pdf", PDF))
    files = {"files": ("second.pdf", PDF, "application/pdf")}
    pool, saved_timeout = app_engine.pool, app_engine.pool._timeout
    pool._timeout = 3  # a freeze would last this long, then fail the download

    async def main():
        loop, held, stall = asyncio.get_running_loop(), [], [0.0]
        done = asyncio.Event()

        def hold():  # a worker thread that needs one pass of the loop before it gives its connection back
            conn = app_engine.connect()
            held.append(conn)
            asyncio.run_coroutine_threadsafe(asyncio.sleep(0), loop).result()
            conn.close()

        async def watch():
            while not done.is_set():
                started = time.perf_counter()
                await asyncio.sleep(0.01)
                stall[0] = max(stall[0], time.perf_counter() - started - 0.01)

        transport = httpx.ASGITransport(app=create_api(), raise_app_exceptions=False)
        async with httpx.AsyncClient(transport=transport, base_url="http://test/api/v1",
                                     headers={"Authorization": as_customer.headers["Authorization"]}) as client:
            watcher = asyncio.create_task(watch())
            threads = []
            while pool.checkedout() < pool.size() + pool._max_overflow:  # until every pooled connection is out
                threads.append(threading.Thread(target=hold))
                threads[-1].start()
                while len(held) < len(threads):
                    time.sleep(0.001)
            started = time.perf_counter()
            response = await (client.get(f"/attachments/{item['id']}/download") if kind == "download" else
                              client.post(f"/tickets/{ticket.id}/attachments", files=files))
            took = time.perf_counter() - started
            done.set()
            await watcher
        for thread in threads:
            thread.join(5)
        return response, took, stall[0]

    try:
        response, took, stall = asyncio.run(main())
    finally:
        pool._timeout = saved_timeout
    if kind == "download":
        assert response.status_code == 200 and response.content == PDF
    else:
        assert response.status_code == 201 and response.json()["items"][0]["size"] == len(PDF)
    assert took < 1 and stall < 1, (took, stall)


def _busy() -> OperationalError:
    error = sqlite3.OperationalError("database is locked")
    error.sqlite_errorname = "SQLITE_BUSY"  # as sqlite3 sets it
    return OperationalError("SELECT ...", {}, error)


@pytest.mark.parametrize("on_loop", [True, False])
def test_a_busy_database_sends_the_read_to_a_worker_thread(app_engine, on_loop):
    """The loop's own connection never waits for a lock (that would freeze the server): when the
    database is busy the read is retried in a worker thread, which waits its turn."""
    where = []

    def work(conn):
        where.append("loop" if threading.current_thread() is threading.main_thread() else "worker")
        if len(where) == 1 and on_loop:
            raise _busy()
        return conn.execute(text("SELECT 41 + 1")).scalar()
    assert asyncio.run(quick_read(work, on_loop=on_loop)) == 42
    assert where == (["loop", "worker"] if on_loop else ["worker"])


def test_other_database_errors_are_not_retried(app_engine):
    def work(conn):
        raise OperationalError("SELECT ...", {}, sqlite3.OperationalError("no such table: tickets"))
    with pytest.raises(OperationalError):
        asyncio.run(quick_read(work, on_loop=True))
