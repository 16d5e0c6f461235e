"""Benchmark attachment upload and download over HTTP on loopback (see docs/performance.md).

  .venv/bin/python -m scripts.bench.tickets ...                  # tickets (the other benchmark)
  .venv/bin/python -m scripts.bench.attachments              # local storage, no scanner
  .venv/bin/python -m scripts.bench.attachments --storage s3 # SeaweedFS from tests/s3_server.py
  .venv/bin/python -m scripts.bench.attachments --scan clamd # clamd from tests/clamd_server.py
  .venv/bin/python -m scripts.bench.attachments --all        # the three, one after the other

Each configuration gets a fresh database and data dir, an agent, and its own server: granian,
as `make run` (reflex run --env prod) uses here (or `--http uvicorn`), serving
scripts/bench/att_server.py, i.e. served(create_api()) as in production plus bare
Starlette baseline routes and a timing wrapper. Against a server someone
else started (no baselines, no server times; memory only with --server-pid):

  .venv/bin/python -m scripts.bench.attachments --setup-only --data-dir /tmp/bench-att
  (start the production server with the printed HELPDESK_* environment)
  .venv/bin/python -m scripts.bench.attachments --reuse /tmp/bench-att --base-url http://127.0.0.1:3000 \\
      [--server-pid PID] [--drop]
"""

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from scripts.bench import att_report as report
from scripts.bench import att_runs as runs
from scripts.bench import setup as bench_setup
from scripts.bench.att_measure import MiB, Client, Multipart, make_pdf
from scripts.bench.att_setup import AttServer, prepare, services
from scripts.bench.measure import login
from scripts.bench.tickets import loadavg, machine


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--storage", choices=["local", "s3"], default="local")
    p.add_argument("--scan", choices=["off", "clamd"], default="off")
    p.add_argument("--all", action="store_true", help="run local, s3 and clamd (each on local/off otherwise)")
    p.add_argument("--db", choices=["sqlite", "postgresql"], default="sqlite")
    p.add_argument("--http", choices=["granian", "uvicorn"], default="granian",
                   help="the benchmark server's server (granian: what make run uses)")
    p.add_argument("--small", type=int, default=200, help="timed 1 MiB uploads per variant")
    p.add_argument("--large", type=int, default=20, help="timed 50 MiB uploads per variant (plus 1 untimed)")
    p.add_argument("--downloads", type=int, default=300, help="timed 1 MiB downloads per variant")
    p.add_argument("--combined", type=int, default=60, help="timed new ticket + 1 MiB attachment samples")
    p.add_argument("--warmup", type=int, default=10, help="untimed requests before each small measurement")
    p.add_argument("--data-dir", help="with --setup-only: where the database and bench.json go")
    p.add_argument("--keep", action="store_true", help="keep the data dirs (and PostgreSQL databases)")
    p.add_argument("--setup-only", action="store_true", help="create the database and agent, print the env, stop")
    p.add_argument("--reuse", metavar="DATA_DIR", help="use a database made earlier with --setup-only")
    p.add_argument("--base-url", help="measure an already running server (needs --reuse)")
    p.add_argument("--server-pid", type=int, help="with --base-url: the PID that runs the app, for its RSS")
    p.add_argument("--drop", action="store_true", help="with --reuse: drop that database and data dir at the end")
    args = p.parse_args()
    if args.base_url and not args.reuse:
        p.error("--base-url needs --reuse DATA_DIR (the server's database, with the benchmark's agent)")
    return args


def log(*a) -> None:
    print(*a, file=sys.stderr, flush=True)


def measure(args, db: bench_setup.BenchDB, base_url: str, pid: int | None, *, bare: bool, scan: str) -> dict:
    small, large = Multipart(args.files / "small.pdf"), Multipart(args.files / "large.pdf")
    with httpx.Client(base_url=base_url, timeout=120) as http:
        login(http, db.agent_email, db.agent_password)
        c = Client(http, server_timing=bare)
        attachment_id = runs.verify(c, small, runs.Tickets(c, 10))
        bare_name = c.post("/_bench/upload/form", small.body(), small.headers)[0].json()["names"][0] if bare else None
        out = {"load_before": loadavg()}
        started = time.perf_counter()
        log("  1 MiB uploads ...")
        out["small"] = runs.small_uploads(c, small, runs.Tickets(c, 10), warmup=args.warmup, n=args.small, bare=bare)
        log("  50 MiB uploads ...")
        out["large"] = runs.large_uploads(c, large, runs.Tickets(c, 5), pid, warmup=1, n=args.large, bare=bare)
        out["down"] = []
        if scan == "off":  # the scanner only runs on upload
            log("  1 MiB downloads ...")
            out["down"] = runs.downloads(c, attachment_id, bare_name, small.size, warmup=args.warmup, n=args.downloads)
        log("  new ticket + 1 MiB ...")
        out["combined"] = runs.ticket_with_attachment(c, small, runs.Tickets(c, 1), warmup=5, n=args.combined)
        out["took"], out["load_after"] = time.perf_counter() - started, loadavg()
    return out


def run_config(args, storage: str, scan: str) -> dict:
    name = {("local", "off"): "local", ("s3", "off"): "s3", ("local", "clamd"): "clamd"}.get((storage, scan),
                                                                                           f"{storage}+{scan}")
    log(f"== {name}: storage {storage}, virus scan {scan}")
    data_dir, db = Path(tempfile.mkdtemp(prefix=f"helpdesk-bench-att-{name}-")), None
    try:
        db = prepare(args.db, str(data_dir), log=log)
        lines = machine(db)
        with services(storage, scan, data_dir, log=log) as extra, \
                AttServer({**db.env(), **extra}, data_dir / "server.log", args.http) as server:
            log(f"{args.http} on {server.base_url}, app pid {server.app_pid()}")
            out = measure(args, db, server.base_url, server.app_pid(), bare=True, scan=scan)
    finally:
        if db and not args.keep:
            bench_setup.drop(db)
        if args.keep:
            log(f"kept: {data_dir}")
        else:
            shutil.rmtree(data_dir, ignore_errors=True)
    return {"name": name, "storage": storage, "scan": scan, "machine": lines, **out}


def print_run(args, run: dict) -> None:
    print(f"\n### {run['name']}: storage {run['storage']}, virus scan {run['scan']}\n")
    print(f"Measuring took {run['took']:.0f} s; load average (1 min) {run['load_before']} before, "
          f"{run['load_after']} after.\n")
    judge = run["storage"] != "s3" and run["scan"] != "clamd"
    if not judge:
        print("The issue's targets are for local storage without a scanner: no verdicts here, see the summary.\n")
    print(report.latency(run["small"] + run["down"] + [run["combined"]], judge) + "\n")
    print(report.bulk(run["large"], judge))


def main() -> int:
    args = parse_args()
    if args.setup_only:
        data_dir = args.data_dir or tempfile.mkdtemp(prefix="helpdesk-bench-att-")
        db = prepare(args.db, data_dir, log=log)
        print(f"Ready. Start the server with:\n  HELPDESK_DATA_DIR={db.data_dir}"
              + (f" HELPDESK_DATABASE_URL={db.database_url}" if db.database_url else ""))
        print(f"then: {sys.argv[0]} --reuse {db.data_dir} --base-url http://127.0.0.1:3000 [--server-pid PID]")
        return 0
    files = Path(tempfile.mkdtemp(prefix="helpdesk-bench-att-files-"))
    args.files = files
    make_pdf(files / "small.pdf", MiB)
    make_pdf(files / "large.pdf", 50 * MiB)
    results, started = [], time.perf_counter()
    try:
        if args.base_url:
            db = bench_setup.BenchDB.load(args.reuse)
            out = measure(args, db, args.base_url, args.server_pid, bare=False, scan="off")
            results.append({"name": f"--base-url {args.base_url}", "storage": "(server's)", "scan": "(server's)",
                            "machine": machine(db), **out})
            if args.drop:
                bench_setup.drop(db)
                shutil.rmtree(db.data_dir, ignore_errors=True)
        else:
            configs = [("local", "off"), ("s3", "off"), ("local", "clamd")] if args.all else [(args.storage, args.scan)]
            results = [run_config(args, storage, scan) for storage, scan in configs]
    finally:
        shutil.rmtree(files, ignore_errors=True)
    git = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                         cwd=bench_setup.ROOT).stdout.strip()
    if subprocess.run(["git", "status", "--porcelain", "--", "helpdesk_app"], capture_output=True, text=True,
                      cwd=bench_setup.ROOT).stdout.strip():
        git += " + uncommitted changes in helpdesk_app/"
    print("\n## Attachments\n")
    print("\n".join(results[0]["machine"]))
    server = f"`--base-url {args.base_url}`" if args.base_url else \
        f"{args.http} (1 process) serving served(create_api()) + baseline routes"
    print(f"- Server: {server}; client: httpx keep-alive, sequential, bearer token; git {git}")
    print(f"- Files: 1 MiB and 50 MiB, starting with %PDF-1.4, random bytes after; {args.warmup} warm-up + "
          f"{args.small} timed 1 MiB uploads, 1 + {args.large} timed 50 MiB uploads, {args.downloads} timed "
          f"downloads per variant, variants alternated; whole run {time.perf_counter() - started:.0f} s")
    for run in results:
        print_run(args, run)
    figures = {run["name"]: report.key_figures(run["small"], run["large"], run["down"], run["combined"])
               for run in results}
    print("\n### Summary (in brackets: the cost against local)\n")
    print(report.summary(figures))
    first = results[0]["name"]
    print(f"\n### Against osTicket on this machine\n\n{report.ostickets(first, figures[first])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
