"""Benchmark watchers and notifications (issue 13; see docs/performance.md).

  .venv/bin/python -m scripts.bench.notifications --db sqlite
  .venv/bin/python -m scripts.bench.notifications --db postgresql

Makes a fresh, migrated database and a local SMTP server in its own process (scripts/bench/smtp_sink.py),
then measures, in this process through the services: a public reply's commit on a ticket 50 agents watch
(against the same reply on a ticket nobody watches); the worker's mail step sending a few thousand mails
(against smtplib sending as many copies of one of them); the time from a reply's commit to its mail in the
SMTP server with the real worker process running; and the bell's count for an agent with 100,000
notifications (against a primary-key lookup). Drops the database at the end.
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time

from scripts.bench import measure as bench_measure
from scripts.bench import setup as bench_setup
from scripts.bench.tickets import loadavg, log, machine


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--requests", type=int, default=200)
    p.add_argument("--warmup", type=int, default=20)
    p.add_argument("--mails", type=int, default=2000, help="mails the throughput case sends")
    p.add_argument("--latency-samples", type=int, default=60)
    p.add_argument("--notifications", type=int, default=100_000, help="the bell case's notifications")
    return p.parse_args()


def _sink(env: dict) -> tuple[subprocess.Popen, int, dict[str, float]]:
    """The SMTP server's process, its port, and {subject: arrival time} filled as mail arrives."""
    proc = subprocess.Popen([sys.executable, "-m", "scripts.bench.smtp_sink"], cwd=bench_setup.ROOT, env=env,
                            stdout=subprocess.PIPE, text=True)
    port, arrivals = int(proc.stdout.readline()), {}

    def read() -> None:
        for line in proc.stdout:
            at, _, subject = line.rstrip("\n").partition(" ")
            arrivals[subject] = float(at)
    threading.Thread(target=read, daemon=True).start()
    return proc, port, arrivals


def main() -> int:
    args = parse_args()
    data_dir = tempfile.mkdtemp(prefix=f"helpdesk-bench-notify-{args.db}-")
    db = bench_setup.create(args.db, data_dir)
    sink = None
    try:
        bench_setup.migrate(db)
        env = db.env()
        os.environ.clear()
        os.environ.update(env)  # before helpdesk_app reads its settings
        from scripts.bench import notify_cases as cases
        sink, port, arrivals = _sink(env)
        started, before = time.perf_counter(), loadavg()
        customer, agents = cases.people(51)
        log("replies on a ticket with 50 watchers ...")
        commit = cases.reply_commit(customer, agents, args.warmup, args.requests)
        log("the worker's mail step ...")
        rate = cases.throughput(port, customer, agents, args.mails)
        log("reply to inbox, with the worker process ...")
        latency = cases.inbox_latency(env, port, arrivals, customer, agents[0], args.latency_samples)
        log("the bell's count ...")
        ticket = cases.ticket_with_watchers(customer, [], "Bell")
        count = cases.bell(agents[-1], customer, ticket, args.notifications, args.warmup, args.requests)
        took, after = time.perf_counter() - started, loadavg()
        print(f"\n## Watchers and notifications, {db.backend}\n")
        print("\n".join(machine(db)))
        print(f"- In process, through the services; each latency row {args.warmup} warm-up + {args.requests} "
              f"timed calls; took {took:.0f} s; load average (1 min) {before} before, {after} after\n")
        print(bench_measure.table(commit) + "\n")
        verdict = "ok" if rate["ours_per_s"] >= 200 else "MISSED"
        print(f"| Sending | mails/s | target | / baseline |\n|---|---:|---:|---:|\n"
              f"| smtplib, one connection, {rate['mails']} copies of one of our mails ({rate['size']:,} bytes) "
              f"(baseline) | {rate['bare_per_s']:.0f} | | baseline |\n"
              f"| The worker's mail step: gather, render, send, mark sent ({rate['sent_ok']} of {rate['mails']} "
              f"sent) | {rate['ours_per_s']:.0f} | >= 200 {verdict} | {rate['ours_per_s'] / rate['bare_per_s']:.2f}x "
              f"|\n")
        p95 = latency.pct(95)
        print(f"| Reply to inbox ({len(latency.samples)} replies) | p50 ms | p95 ms | max ms | target |\n"
              f"|---|---:|---:|---:|---:|\n| {latency.note} | {latency.pct(50):.0f} | {p95:.0f} | "
              f"{max(latency.samples):.0f} | <= 2000 {'ok' if p95 <= 2000 else 'MISSED'} |\n")
        print(bench_measure.table(count))
    finally:
        if sink is not None:
            sink.terminate()
        bench_setup.drop(db)
        shutil.rmtree(data_dir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
