"""Benchmark the ticket list and detail API on a bulk-seeded database (see docs/performance.md).

  .venv/bin/python -m scripts.bench.tickets --db sqlite
  .venv/bin/python -m scripts.bench.tickets --db postgresql --tickets 100000 --replies-per-ticket 10

By default it creates a fresh database, migrates and bulk-seeds it through the CLI, creates an
agent, starts uvicorn serving helpdesk_app.api.create_api() (plus a bare baseline route) on a
free port, measures, and drops the database. Against a server someone else started:

  .venv/bin/python -m scripts.bench.tickets --db sqlite --setup-only --data-dir /tmp/bench
  (start the production server with the printed HELPDESK_* environment)
  .venv/bin/python -m scripts.bench.tickets --reuse /tmp/bench --base-url http://127.0.0.1:3000 [--drop]
"""

import argparse
import os
import platform
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scripts.bench import measure as bench_measure
from scripts.bench import setup as bench_setup
from scripts.bench.server import Server


def machine(db: bench_setup.BenchDB) -> list[str]:
    cpuinfo = Path("/proc/cpuinfo").read_text()
    cpu = next((x.split(":", 1)[1].strip() for x in cpuinfo.splitlines() if x.startswith("model name")), "?")
    mem_kb = int(next(x.split()[1] for x in Path("/proc/meminfo").read_text().splitlines() if x.startswith("MemTotal")))
    osrel = dict(x.split("=", 1) for x in Path("/etc/os-release").read_text().split("\n") if "=" in x)
    lines = [
        f"- CPU: {cpu}, {os.cpu_count()} cores (nproc); memory {mem_kb / 1024 / 1024:.1f} GiB",
        f"- OS: {osrel.get('PRETTY_NAME', '?').strip(chr(34))}, kernel {platform.release()}",
        f"- Python {platform.python_version()}, SQLite {sqlite3.sqlite_version}",
    ]
    if db.pg_name or db.backend == "postgresql":
        from sqlalchemy import create_engine, text

        engine = create_engine(db.database_url)
        with engine.connect() as conn:
            lines.append(f"- PostgreSQL: {conn.execute(text('SHOW server_version')).scalar()}")
        engine.dispose()
    return lines


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--tickets", type=int, default=100_000)
    p.add_argument("--replies-per-ticket", type=int, default=10)
    p.add_argument("--requests", type=int, default=200, help="timed requests per measurement")
    p.add_argument("--warmup", type=int, default=20, help="untimed requests before each measurement")
    p.add_argument("--base-url", help="measure an already running server (needs --reuse)")
    p.add_argument("--data-dir", help="where the SQLite file, bench.json and logs go (default: a temp dir)")
    p.add_argument("--keep", action="store_true", help="keep the database and data dir at the end")
    p.add_argument("--setup-only", action="store_true", help="create and seed, print the environment, stop")
    p.add_argument("--reuse", metavar="DATA_DIR", help="use a database made earlier with --setup-only")
    p.add_argument("--drop", action="store_true", help="with --reuse: drop that database and data dir at the end")
    args = p.parse_args()
    if args.base_url and not args.reuse:
        p.error("--base-url needs --reuse DATA_DIR: the server must already point at the seeded database")
    return args


def log(*a) -> None:
    print(*a, file=sys.stderr, flush=True)


def main() -> int:
    args = parse_args()
    if args.reuse:
        db, keep = bench_setup.BenchDB.load(args.reuse), not args.drop
    else:
        if args.data_dir and Path(args.data_dir).exists() and any(Path(args.data_dir).iterdir()):
            raise SystemExit(f"--data-dir {args.data_dir} is not empty: the benchmark needs a folder of its own")
        data_dir = args.data_dir or tempfile.mkdtemp(prefix=f"helpdesk-bench-{args.db}-")
        keep = args.keep or args.setup_only
        try:
            db = bench_setup.prepare(args.db, data_dir, args.tickets, args.replies_per_ticket, log=log)
        except BaseException:
            shutil.rmtree(data_dir, ignore_errors=True)
            raise
    try:
        if args.setup_only:
            print(f"Seeded. Start the server with:\n  HELPDESK_DATA_DIR={db.data_dir}"
                  + (f" HELPDESK_DATABASE_URL={db.database_url}" if db.database_url else ""))
            print(f"then: {sys.argv[0]} --reuse {db.data_dir} --base-url http://127.0.0.1:3000")
            return 0
        started = time.perf_counter()
        if args.base_url:
            results = measure(args, db, args.base_url, bare=False)
        else:
            with Server(db.env(), Path(db.data_dir) / "uvicorn.log") as server:
                log(f"uvicorn on {server.base_url}")
                results = measure(args, db, server.base_url, bare=True)
        report(args, db, results, time.perf_counter() - started)
    finally:
        if not keep:
            bench_setup.drop(db)
            shutil.rmtree(db.data_dir, ignore_errors=True)
        else:
            log(f"kept: {db.data_dir}" + (f" and database {db.pg_name}" if db.pg_name else ""))
    return 0


def loadavg() -> str:
    return Path("/proc/loadavg").read_text().split()[0]


def measure(args, db: bench_setup.BenchDB, base_url: str, *, bare: bool) -> list[bench_measure.Result]:
    with httpx.Client(base_url=base_url, timeout=30) as client:
        try:
            bench_measure.login(client, db.agent_email, db.agent_password)
        except httpx.HTTPStatusError as e:
            raise SystemExit(f"login at {base_url} failed ({e.response.status_code}): is that server running "
                             f"with HELPDESK_DATA_DIR={db.data_dir} {db.database_url and 'HELPDESK_DATABASE_URL='}"
                             f"{db.database_url}?") from None
        total = client.get(f"{bench_measure.API}/tickets").json()["total"]
        if total < db.tickets:
            raise SystemExit(f"the server sees {total} tickets, the benchmark seeded {db.tickets}")
        args.load_before = loadavg()
        results = bench_measure.run_all(client, warmup=args.warmup, requests=args.requests, bare_baseline=bare)
        args.load_after = loadavg()
        return results


def report(args, db: bench_setup.BenchDB, results, took: float) -> None:
    server = f"`--base-url {args.base_url}`" if args.base_url else "uvicorn (1 worker) serving create_api()"
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                         cwd=bench_setup.ROOT).stdout.strip()
    print(f"\n## {db.backend}: {db.tickets:,} tickets, {db.replies:,} replies\n")
    print("\n".join(machine(db)))
    print(f"- Server: {server}; client: httpx keep-alive, sequential, bearer token; git {git}")
    print(f"- Seed (`seed-bulk`): {db.seed_reported or '?'} "
          f"(command wall clock {db.seed_seconds:.1f} s = {db.seed_seconds / 60:.1f} min)")
    print(f"- Each row: {args.warmup} warm-up + {args.requests} timed requests; measuring took {took:.0f} s; "
          f"load average (1 min) {args.load_before} before, {args.load_after} after\n")
    print(bench_measure.table(results))


if __name__ == "__main__":
    sys.exit(main())
