"""Benchmark a bulk action: one status change on 10,000 tickets (see docs/performance.md).

  .venv/bin/python -m scripts.bench.bulk --db sqlite
  .venv/bin/python -m scripts.bench.bulk --db postgresql

A fresh database, bulk-seeded through the CLI; the action runs in-process through the service
(each ticket checked, changed, its history row and domain event written, its watchers told, one
transaction), beside a baseline doing the same required writes in bare SQL: one UPDATE of the
statuses and one executemany of the history rows, also in one transaction.
"""

import argparse
import os
import shutil
import sys
import tempfile
import time

from scripts.bench import setup as bench_setup
from scripts.bench.tickets import loadavg, log, machine


def _in_child(db: bench_setup.BenchDB) -> dict:
    """Run the measurements in this process, pointed at the benchmark database."""
    os.environ.update(db.env())
    from sqlalchemy import insert, select, update
    from sqlmodel import Session

    from helpdesk_app import db as app_db
    import helpdesk_app.services  # noqa: F401  (the unit of work's hooks: notifications, the index)
    from helpdesk_app.models import Ticket, TicketEvent, User, utcnow
    from helpdesk_app.services.bulk.actions import BulkChange, apply_change, chosen_ids
    from helpdesk_app.services.tickets.query import TicketQuery

    engine = app_db.get_engine()
    figures = {}
    with Session(engine) as session:
        agent = session.scalars(select(User).where(User.email == db.agent_email)).one()
        for status in ("pending", "resolved"):
            started = time.perf_counter()
            ids = chosen_ids(session, agent, ids=None, query=TicketQuery(), q=None)
            result = apply_change(session, actor=agent, ticket_ids=ids, change=BulkChange(status=status))
            figures[f"service: set status {status} on {result.matched:,} tickets"] = time.perf_counter() - started
        ids = list(session.execute(select(Ticket.id)).scalars())
        started = time.perf_counter()
        session.execute(update(Ticket).where(Ticket.id.in_(ids)).values(status="closed", updated_at=utcnow()))
        session.execute(insert(TicketEvent.__table__), [
            {"ticket_id": i, "actor_id": agent.id, "field": "status", "old_value": "resolved", "new_value": "closed",
             "created_at": utcnow()} for i in ids])
        session.commit()
        figures[f"baseline: bare UPDATE + history rows for {len(ids):,} tickets"] = time.perf_counter() - started
    return figures


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--tickets", type=int, default=10_000)
    args = p.parse_args()
    data_dir = tempfile.mkdtemp(prefix=f"helpdesk-bench-bulk-{args.db}-")
    db = bench_setup.prepare(args.db, data_dir, args.tickets, 2, log=log)
    try:
        figures = _in_child(db)
        base = next(v for k, v in figures.items() if k.startswith("baseline"))
        print(f"\n### {db.backend}: bulk action (load {loadavg()})\n")
        print("| Measurement | seconds | / baseline | target |\n|---|---:|---:|---|")
        for name, seconds in figures.items():
            verdict = "" if name.startswith("baseline") else ("< 10 s ok" if seconds < 10 else "< 10 s MISSED")
            print(f"| {name} | {seconds:.2f} | {seconds / base:.1f}x | {verdict} |")
        print("\n".join(machine(db)))
    finally:
        bench_setup.drop(db)
        shutil.rmtree(db.data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
