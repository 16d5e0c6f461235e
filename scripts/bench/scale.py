"""Does the cost grow with the data? The list, its pages, the views' counts and a search at
1,000,000 tickets and 10,000,000 replies (see docs/performance.md).

  .venv/bin/python -m scripts.bench.scale --db sqlite [--tickets 1000000 --replies-per-ticket 10]

In-process (the services on one session, no HTTP), so the figures are the database's and the
services' alone: each beside the same measurement's baseline, one ticket read by primary key.
"""

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time

from scripts.bench import setup as bench_setup
from scripts.bench.tickets import loadavg, log, machine


def _timed(call, runs: int) -> tuple[float, float]:
    for _ in range(3):
        call()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    q = statistics.quantiles(samples, n=100, method="inclusive")
    return q[49], q[94]


def _measure(db: bench_setup.BenchDB, runs: int) -> list[tuple[str, float, float, float | None]]:
    os.environ.update(db.env())
    import random

    from sqlmodel import Session, select

    import helpdesk_app.services  # noqa: F401
    from helpdesk_app import db as app_db
    from helpdesk_app.devtools.bulk_seed import RARE, TOPICS
    from helpdesk_app.models import Ticket, User
    from helpdesk_app.services.search.finding import search_tickets
    from helpdesk_app.services.tickets.cursors import cursor_after
    from helpdesk_app.services.tickets.listing import list_tickets
    from helpdesk_app.services.tickets.query import TicketQuery
    from helpdesk_app.services.views import counts, library

    rng = random.Random(9)
    out = []
    with Session(app_db.get_engine()) as s:
        agent = s.scalars(select(User).where(User.email == db.agent_email)).one()
        for n, flt in enumerate([{"status": "open", "priority": "urgent"}, {"unanswered": True, "status": "new"},
                                 {"updated_from": "7d"}, {"requester": "customer 7"}, {"assignee_id": "none"}]):
            library.create_view(s, actor=agent, name=f"Scale view {n}", filter=flt)
        top = s.execute(select(Ticket.id).order_by(Ticket.id.desc()).limit(1)).scalar_one()
        out.append(("baseline: one ticket by primary key", *_timed(
            lambda: s.get(Ticket, rng.randrange(1, top), populate_existing=True), runs), None))
        out.append(("list: first page (total counted to 10,000)", *_timed(
            lambda: list_tickets(s, actor=agent, query=TicketQuery()), runs), 15))
        pages = [p for p in (1_000, 20_000) if p * 25 < db.tickets] or [max(2, db.tickets // 50)]
        for page in pages:
            row = s.execute(select(Ticket).order_by(Ticket.last_activity_at.desc(), Ticket.id.desc())
                            .offset(page * 25 - 26).limit(1)).scalar_one()
            cursor = cursor_after("-last_activity_at", row)
            out.append((f"list: page {page:,} by offset", *_timed(
                lambda p=page: list_tickets(s, actor=agent, query=TicketQuery(page=p)), runs), None))
            out.append((f"list: page {page:,} reached by next (cursor)", *_timed(
                lambda p=page, c=cursor: list_tickets(s, actor=agent, query=TicketQuery(page=p, after=c)), runs), 15))
        out.append(("list: sorted by priority", *_timed(
            lambda: list_tickets(s, actor=agent, query=TicketQuery(sort="-priority")), runs), None))
        out.append(("views/counts: 10 views", *_timed(lambda: counts.view_counts(s, actor=agent), runs), 15))
        out.append(("search: a rare word", *_timed(lambda: search_tickets(
            s, actor=agent, q=rng.choice(RARE), query=TicketQuery()), runs), 15))
        out.append(("search: a common word (~1% of entries)", *_timed(lambda: search_tickets(
            s, actor=agent, q=rng.choice(TOPICS), query=TicketQuery()), max(5, runs // 4)), 50))
    return out


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--tickets", type=int, default=1_000_000)
    p.add_argument("--replies-per-ticket", type=int, default=10)
    p.add_argument("--runs", type=int, default=40)
    p.add_argument("--keep", action="store_true")
    args = p.parse_args()
    data_dir = tempfile.mkdtemp(prefix=f"helpdesk-bench-scale-{args.db}-")
    db = bench_setup.prepare(args.db, data_dir, args.tickets, args.replies_per_ticket, log=log)
    try:
        out, took = bench_setup.reindex(db)
        log(f"reindex: {out} ({took:.0f} s wall clock)")
        rows = _measure(db, args.runs)
        print(f"\n### {db.backend}: {db.tickets:,} tickets, {db.replies:,} replies, in-process (load {loadavg()})\n")
        print("| Measurement | p50 ms | p95 ms | p95 target |\n|---|---:|---:|---|")
        for name, p50, p95, target in rows:
            verdict = "" if target is None else f"<= {target} ms {'ok' if p95 <= target else 'MISSED'}"
            print(f"| {name} | {p50:.1f} | {p95:.1f} | {verdict} |")
        print(f"\n- seed: {db.seed_reported} ({db.seed_seconds:.0f} s); reindex: {out}")
        print("\n".join(machine(db)))
    finally:
        if not args.keep:
            bench_setup.drop(db)
            shutil.rmtree(db.data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
