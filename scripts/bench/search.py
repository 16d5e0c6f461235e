"""Benchmark full-text search, the list's filters and the views' counts (see docs/performance.md).

  .venv/bin/python -m scripts.bench.search --db sqlite
  .venv/bin/python -m scripts.bench.search --db postgresql --tickets 100000 --replies-per-ticket 10

A fresh database, bulk-seeded through the CLI (its texts carry topic words, each in about 1% of
entries, and rare ones), indexed with `search reindex` (timed), measured over HTTP against the real
API under uvicorn beside a bare primary-key route as the baseline, then dropped.
"""

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import httpx

from scripts.bench import measure as bench_measure
from scripts.bench import search_cases
from scripts.bench import setup as bench_setup
from scripts.bench.server import Server
from scripts.bench.tickets import loadavg, log, machine


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--tickets", type=int, default=100_000)
    p.add_argument("--replies-per-ticket", type=int, default=10)
    p.add_argument("--requests", type=int, default=200, help="timed requests per measurement")
    p.add_argument("--pair-requests", type=int, default=40, help="timed requests per pair of filters")
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--keep", action="store_true", help="keep the database and data dir at the end")
    p.add_argument("--reuse", metavar="DATA_DIR", help="measure a database kept by an earlier --keep run")
    return p.parse_args()


def _sizes(db: bench_setup.BenchDB) -> str:
    """The index's size beside the data's."""
    from sqlalchemy import create_engine, text
    engine = create_engine(db.database_url or f"sqlite:///{db.data_dir}/helpdesk.db")
    with engine.connect() as conn:
        if db.backend == "postgresql":
            def size(name: str) -> int:
                return conn.execute(text("SELECT pg_total_relation_size(:t)"), {"t": name}).scalar()
            index, data = size("search_entries"), size("tickets") + size("replies")
        else:
            rows = dict(conn.execute(text("SELECT name, SUM(pgsize) FROM dbstat GROUP BY name")).all())
            index = sum(v for k, v in rows.items() if k.startswith(("search_fts", "search_entries",
                                                                      "ix_search_entries")))
            data = sum(v for k, v in rows.items() if k.startswith(("tickets", "replies", "ix_tickets", "ix_replies",
                                                                   "sqlite_autoindex_tickets")))
    engine.dispose()
    return f"index {index / 2**20:.0f} MiB beside {data / 2**20:.0f} MiB of tickets and replies (with their indexes)"


def main() -> int:
    args = parse_args()
    if args.reuse:
        db, args.keep = bench_setup.BenchDB.load(args.reuse), True
    else:
        data_dir = tempfile.mkdtemp(prefix=f"helpdesk-bench-search-{args.db}-")
        db = bench_setup.prepare(args.db, data_dir, args.tickets, args.replies_per_ticket, log=log,
                                 extra=("--tags", "50"))
    try:
        out, reindex = ("(reused: not reindexed)", 0.0) if args.reuse else bench_setup.reindex(db)
        log(f"reindex: {out} ({reindex:.1f} s wall clock)")
        sizes = _sizes(db)
        with Server(db.env(), Path(db.data_dir) / "uvicorn.log") as server, httpx.Client(
                base_url=server.base_url, timeout=60) as client:
            bench_measure.login(client, db.agent_email, db.agent_password)
            results = search_cases.run(client, db, warmup=args.warmup, requests=args.requests,
                                       pairs=args.pair_requests)
        print(f"\n### {db.backend}: {db.tickets:,} tickets, {db.replies:,} replies (load {loadavg()})\n")
        print(bench_measure.table(results))
        print(f"\n- reindex of every ticket, reply and file: {out} wall clock {reindex:.1f} s (target <= 120 s)")
        print(f"- {sizes}")
        print("\n".join(machine(db)))
    finally:
        if not args.keep:
            bench_setup.drop(db)
            shutil.rmtree(db.data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
