"""Timed HTTP requests against a running server and their percentiles."""

import random
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx

API = "/api/v1"


@dataclass
class Result:
    name: str
    samples: list[float]  # milliseconds
    target_ms: float | None = None
    note: str = ""
    baseline: bool = False  # the row the ratios are taken against

    def pct(self, p: int) -> float:
        return statistics.quantiles(self.samples, n=100, method="inclusive")[p - 1]


def login(client: httpx.Client, email: str, password: str) -> None:
    r = client.post(f"{API}/auth/login", json={"email": email, "password": password})
    r.raise_for_status()
    client.headers["Authorization"] = f"Bearer {r.json()['token']}"
    client.cookies.clear()  # bearer only: no cookie session, no CSRF path


def _ok(r: httpx.Response) -> httpx.Response:
    if r.status_code != 200:
        raise RuntimeError(f"{r.request.method} {r.request.url} answered {r.status_code}: {r.text[:300]}")
    return r


def timed(name: str, call: Callable[[], None], *, warmup: int, requests: int, **kw) -> Result:
    for _ in range(warmup):
        call()
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    return Result(name, samples, **kw)


def run_all(client: httpx.Client, *, warmup: int, requests: int, bare_baseline: bool, seed: int = 1) -> list[Result]:
    rng = random.Random(seed)

    def get(path, **params):
        return _ok(client.get(path, params=params or None))
    first = get(f"{API}/tickets").json()
    total = first["total"]
    lo = get(f"{API}/tickets", sort="number", per_page=1).json()["items"][0]["id"]
    hi = get(f"{API}/tickets", sort="-number", per_page=1).json()["items"][0]["id"]
    assignee = next(t["assignee"]["id"] for t in first["items"] if t["assignee"])
    filtered = get(f"{API}/tickets", status="open", assignee_id=assignee).json()["total"]
    deep = get(f"{API}/tickets", page=1000).json()
    if total >= 1000 * deep["per_page"] and len(deep["items"]) != deep["per_page"]:
        raise RuntimeError(f"page 1000 is not full ({len(deep['items'])} items of {total} tickets)")

    def detail() -> None:
        ticket_id = rng.randint(lo, hi)
        get(f"{API}/tickets/{ticket_id}")
        get(f"{API}/tickets/{ticket_id}/replies")

    results = []
    if bare_baseline:
        results.append(timed(
            "Baseline: bare route, one PK lookup", lambda: get(f"/_bench/baseline/{rng.randint(lo, hi)}"),
            warmup=warmup, requests=requests, note="same process and DB; no auth, ORM or schemas", baseline=True,
        ))
    elif client.get("/ping").status_code == 200:
        results.append(timed("GET /ping (Reflex, no database)", lambda: get("/ping"), warmup=warmup,
                             requests=requests, note="for reference"))
    results += [
        timed("GET /me (auth lookup only)", lambda: get(f"{API}/me"), warmup=warmup, requests=requests,
              note="token lookup, one indexed query", baseline=not bare_baseline),
        timed("List, first page (default sort)", lambda: get(f"{API}/tickets"),
              warmup=warmup, requests=requests, target_ms=50, note=f"total {total}"),
        timed("List, status=open & assignee", lambda: get(f"{API}/tickets", status="open", assignee_id=assignee),
              warmup=warmup, requests=requests, target_ms=50, note=f"{filtered} matches"),
        timed("List, page 1000", lambda: get(f"{API}/tickets", page=1000),
              warmup=warmup, requests=requests, target_ms=50, note=f"offset 24,975, {len(deep['items'])} items"),
        timed("Detail + replies (2 requests)", detail, warmup=warmup, requests=requests, target_ms=30,
              note="random ids, agent sees notes"),
    ]
    return results


def table(results: list[Result]) -> str:
    base = next(r for r in results if r.baseline)
    lines = [
        "| Measurement | p50 ms | p95 ms | p99 ms | p95 target | p95 / baseline p95 | Notes |",
        "|---|---:|---:|---:|---:|---:|---|",
    ]
    for r in results:
        verdict = "" if r.target_ms is None else "ok" if r.pct(95) <= r.target_ms else "MISSED"
        target = f"<= {r.target_ms:g} ms {verdict}" if verdict else ""
        ratio = "baseline" if r is base else f"{r.pct(95) / base.pct(95):.1f}x"
        lines.append(f"| {r.name} | {r.pct(50):.1f} | {r.pct(95):.1f} | {r.pct(99):.1f} | {target} | {ratio} "
                     f"| {r.note} |")
    return "\n".join(lines)
