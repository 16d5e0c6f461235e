"""Benchmark the tag filters, tag autocomplete and canned replies (see docs/performance.md).

  .venv/bin/python -m scripts.bench.tags --db sqlite
  .venv/bin/python -m scripts.bench.tags --db postgresql

Creates a fresh database with 100,000 tickets, 200 tags on 0-5 of them each (about 250,000
ticket-tag rows) and 2,000 shared canned replies (seed-bulk), serves the real API under uvicorn
beside a bare baseline route, and measures over HTTP: the list unfiltered (the same work a filtered
list does, less the filter: the ratio says what the filter costs), filtered by one tag, any of
three, all of two and none of one; autocomplete; the canned reply picker's search; and rendering
one canned reply in process. Drops the database at the end.
"""

import argparse
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scripts.bench import measure as bench_measure
from scripts.bench import setup as bench_setup
from scripts.bench.server import Server
from scripts.bench.tickets import loadavg, log, machine

API = bench_measure.API


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--tickets", type=int, default=100_000)
    p.add_argument("--tags", type=int, default=200)
    p.add_argument("--canned-replies", type=int, default=2_000)
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    return p.parse_args()


def _render_in_process(requests: int) -> bench_measure.Result:
    """One canned reply rendered (the composer's insert and preview), in this process: no I/O to time."""
    from helpdesk_app.services.canned.template import render
    body = 'Hi {{ customer.first_name | default("there") }},\n\n' + "Some words of the answer. " * 40 + \
        "\nTicket #{{ ticket.number }}: {{ ticket.url }}\n-- {{ agent.name }}"
    values = {"customer": {"first_name": "Carla"}, "ticket": {"number": "1042", "url": "http://x/tickets/7"},
              "agent": {"name": "Alex Agent"}}
    samples = []
    for i in range(requests * 10):
        started = time.perf_counter()
        render(body if i % 2 else body + " ", values)  # two bodies, both cached after the first call
        samples.append((time.perf_counter() - started) * 1000)
    return bench_measure.Result("Render one canned reply (in process)", samples, target_ms=1,
                                note=f"{len(body)} characters, 4 variables")


def measure(args, client: httpx.Client) -> list[bench_measure.Result]:
    rng = random.Random(3)

    def get(path, **params):
        return bench_measure._ok(client.get(path, params=params or None)).json()
    tags = get(f"{API}/tags", per_page=200)["items"]
    names = [t["name"] for t in tags]
    def pick(k):
        return ",".join(rng.sample(names, k))
    prefixes = sorted({n[:2] for n in names})
    words = ["refund", "printer", "login", "invoice", "account", "order"]
    w, r = args.warmup, args.requests
    one = get(f"{API}/tickets", tags=names[0])["total"]
    return [
        bench_measure.timed("List, no filter (baseline)", lambda: get(f"{API}/tickets"), warmup=w, requests=r,
                            baseline=True, note="same page, same sort, no tag filter"),
        bench_measure.timed("List, one tag", lambda: get(f"{API}/tickets", tags=pick(1)), warmup=w, requests=r,
                            target_ms=30, note=f"a random tag each time (the most used has {one} tickets)"),
        bench_measure.timed("List, any of three tags", lambda: get(f"{API}/tickets", tags=pick(3)), warmup=w,
                            requests=r, target_ms=30, note="random tags"),
        bench_measure.timed("List, all of two tags", lambda: get(f"{API}/tickets", tags=pick(2), tags_match="all"),
                            warmup=w, requests=r, target_ms=30, note="random tags"),
        bench_measure.timed("List, none of one tag", lambda: get(f"{API}/tickets", not_tags=pick(1)), warmup=w,
                            requests=r, target_ms=30, note="random tag"),
        bench_measure.timed("Tag autocomplete", lambda: get(f"{API}/tags", q=rng.choice(prefixes), per_page=10),
                            warmup=w, requests=r, target_ms=10, note="a random two-letter prefix"),
        bench_measure.timed("Canned reply search", lambda: get(f"{API}/canned-replies", q=rng.choice(words),
                                                               per_page=10),
                            warmup=w, requests=r, target_ms=20, note=f"{args.canned_replies} canned replies"),
        _render_in_process(r),
    ]


def main() -> int:
    args = parse_args()
    data_dir = tempfile.mkdtemp(prefix=f"helpdesk-bench-tags-{args.db}-")
    extra = ("--tags", str(args.tags), "--canned-replies", str(args.canned_replies))
    db = bench_setup.prepare(args.db, data_dir, args.tickets, 0, log=log, extra=extra)
    try:
        started = time.perf_counter()
        with Server(db.env(), Path(db.data_dir) / "uvicorn.log") as server, \
                httpx.Client(base_url=server.base_url, timeout=30) as client:
            bench_measure.login(client, db.agent_email, db.agent_password)
            before = loadavg()
            results = measure(args, client)
            after = loadavg()
        print(f"\n## Tags and canned replies, {db.backend}: {db.tickets:,} tickets\n")
        print("\n".join(machine(db)))
        print(f"- Seed: {db.seed_reported}")
        print(f"- Server: uvicorn (1 worker) serving create_api(); client: httpx keep-alive, sequential; each row "
              f"{args.warmup} warm-up + {args.requests} timed requests; took {time.perf_counter() - started:.0f} s; "
              f"load average {before} before, {after} after\n")
        print(bench_measure.table(results))
        render = results[-1]
        print(f"\nRendering: p50 {statistics.median(render.samples) * 1000:.1f} µs")
    finally:
        bench_setup.drop(db)
        shutil.rmtree(db.data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
