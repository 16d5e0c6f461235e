"""The search benchmark's measurements: words, phrases, filters alone and in pairs, view counts."""

import itertools
import random

import httpx
from sqlalchemy import create_engine, text

from scripts.bench import setup as bench_setup
from scripts.bench.measure import API, Result, _ok, timed
from helpdesk_app.devtools.bulk_seed import RARE, TOPICS

FILTERS = {  # one value each, as GET /tickets takes them
    "status": {"status": "open"}, "statuses": {"status": "new,open,pending"}, "priority": {"priority": "high,urgent"},
    "assignee none": {"assignee_id": "none"}, "assignee me": {"assignee_id": "me"},
    "requester": {"requester": "customer 12"}, "tags": {}, "watched": {"watched_by": "me"},
    "unanswered": {"unanswered": "true"}, "with files": {"has_attachments": "true"},
    "updated 7d": {"updated_from": "7d"}, "created 30d": {"created_from": "30d"},
}
VIEWS = [{"status": "open", "priority": "urgent"}, {}, {"unanswered": True, "status": "new"},
         {"updated_from": "7d"}, {"requester": "customer 7"}]


def _phrases(db: bench_setup.BenchDB, rng: random.Random, n: int) -> list[str]:
    """Two neighbouring words of real replies, one a topic word: phrases that exist."""
    engine = create_engine(db.database_url or f"sqlite:///{db.data_dir}/helpdesk.db")
    with engine.connect() as conn:
        bodies = [r[0] for r in conn.execute(text("SELECT body FROM replies WHERE id % 997 = 0 LIMIT 500"))]
    engine.dispose()
    found = []
    for body in bodies:
        words = body.rstrip(".").lower().split()
        spots = [i for i, w in enumerate(words[:-1]) if w in TOPICS]
        if spots:
            i = rng.choice(spots)
            found.append(f'"{words[i]} {words[i + 1]}"')
    return found[:n] or ['"zebaa invoice"']


def run(client: httpx.Client, db: bench_setup.BenchDB, *, warmup: int, requests: int, pairs: int) -> list[Result]:
    rng = random.Random(3)
    tag = _ok(client.get(f"{API}/tags", params={"per_page": 5})).json()["items"][2]["name"]
    FILTERS["tags"], VIEWS[1] = {"tags": tag}, {"tags": tag}
    lo = _ok(client.get(f"{API}/tickets", params={"sort": "number", "per_page": 1})).json()["items"][0]["id"]

    def get(path: str, params: dict):
        return lambda: _ok(client.get(f"{API}{path}", params=params))

    def each(path: str, choices: list[dict]):
        return lambda: _ok(client.get(f"{API}{path}", params=rng.choice(choices)))
    results = [timed("baseline: one ticket by primary key, bare route", lambda: _ok(client.get(
        f"/_bench/baseline/{lo + rng.randrange(1000)}")), warmup=warmup, requests=requests, baseline=True)]
    word = [{"q": w} for w in TOPICS]
    results += [
        timed("search: a word in ~1% of entries", each("/search", word), warmup=warmup, requests=requests,
              target_ms=30),
        timed("search: a rare word", each("/search", [{"q": w} for w in RARE]), warmup=warmup, requests=requests,
              target_ms=10),
        timed("search: a phrase", each("/search", [{"q": p} for p in _phrases(db, rng, 50)]), warmup=warmup,
              requests=requests, target_ms=50),
        timed("search: a 1% word + status + priority", each("/search", [
            {"q": w, "status": "open,new", "priority": "high"} for w in TOPICS]), warmup=warmup, requests=requests,
            target_ms=50),
        timed("search: a prefix (zeba*)", get("/search", {"q": "zeba*"}), warmup=warmup, requests=requests),
    ]
    for name, params in FILTERS.items():
        results.append(timed(f"list: {name}", get("/tickets", params), warmup=warmup, requests=requests,
                             target_ms=30))
    pair_samples: list[float] = []
    worst = ("", 0.0)
    for (a, pa), (b, pb) in itertools.combinations(FILTERS.items(), 2):
        r = timed(f"{a} + {b}", get("/tickets", {**pa, **pb}), warmup=2, requests=pairs)
        pair_samples += r.samples
        if r.pct(95) > worst[1]:
            worst = (r.name, r.pct(95))
    results.append(Result(f"list: every pair of filters ({len(FILTERS) * (len(FILTERS) - 1) // 2} pairs)",
                          pair_samples, target_ms=30, note=f"worst pair p95: {worst[0]} {worst[1]:.1f} ms"))
    mine = [v for v in _ok(client.get(f"{API}/views")).json()["items"] if v["scope"] == "personal"]
    for n, flt in enumerate(VIEWS[len(mine):], start=len(mine)):  # 5 built-in and 5 of the agent's
        client.post(f"{API}/views", json={"name": f"Bench view {n}", "filter": flt}).raise_for_status()
    results.append(timed("views/counts: 10 views", get("/views/counts", {}), warmup=warmup, requests=requests,
                         target_ms=50))
    return results
