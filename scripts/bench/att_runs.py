"""The attachment benchmark's measurements. Each one alternates the app and its baselines request
by request (app, baseline, app, baseline...), so both see the same machine load."""

import contextlib
import hashlib
import time

from scripts.bench.att_measure import Bulk, Client, Multipart, PeakRSS, Timed, vm
from scripts.bench.measure import API


class Tickets:
    """Fresh tickets via the API, `per_ticket` files each, so no per-ticket limit is reached."""

    def __init__(self, client: Client, per_ticket: int):
        self.client, self.per_ticket, self.used, self.id = client, per_ticket, per_ticket, 0

    def create(self) -> int:
        r = self.client.http.post(f"{API}/tickets", json={"subject": "Attachment benchmark",
                                                          "description": "Files for the benchmark."})
        if r.status_code != 201:
            raise RuntimeError(f"POST {API}/tickets answered {r.status_code}: {r.text[:300]}")
        return r.json()["id"]

    def next(self) -> int:
        if self.used >= self.per_ticket:
            self.id, self.used = self.create(), 0
        self.used += 1
        return self.id


APP_UP, FORM_UP = "Upload via API", "Baseline: form() spool + copy + fsync"
RAW_UP = "Baseline: raw body to disk + fsync"
HASH_UP = "Baseline: raw body + sha256 to disk + fsync"
APP_DOWN, BARE_DOWN = "Download via API", "Baseline: bare FileResponse"


def _upload_variants(tickets: Tickets, bare: bool) -> list[tuple[str, object]]:
    variants = [(APP_UP, lambda: f"{API}/tickets/{tickets.next()}/attachments")]
    if bare:
        variants += [(FORM_UP, lambda: "/_bench/upload/form"), (RAW_UP, lambda: "/_bench/upload/raw"),
                     (HASH_UP, lambda: "/_bench/upload/raw-sha256")]
    return variants


def verify(c: Client, small: Multipart, tickets: Tickets) -> int:
    """One upload and download through the API: same size and sha256 back. Returns the attachment id."""
    r, _ = c.post(f"{API}/tickets/{tickets.next()}/attachments", small.body(), small.headers)
    item = r.json()["items"][0]
    digest = hashlib.sha256(small.path.read_bytes()).hexdigest()
    if (item["size"], item["sha256"], item["content_type"]) != (small.size, digest, "application/pdf"):
        raise RuntimeError(f"the server stored something else: {item}")
    got = c.http.get(f"{API}/attachments/{item['id']}/download")
    if hashlib.sha256(got.content).hexdigest() != digest:
        raise RuntimeError("the download differs from the upload")
    return item["id"]


def small_uploads(c: Client, mp: Multipart, tickets: Tickets, *, warmup: int, n: int, bare: bool) -> list[Timed]:
    body, variants = mp.body(), _upload_variants(tickets, bare)
    samples = {name: [] for name, _ in variants}
    tags = {name: [] for name, _ in variants}
    for i in range(warmup + n):
        for name, path in variants:
            url = path()  # may create a ticket: not timed
            started = time.perf_counter()
            _, tag = c.post(url, body, mp.headers)
            if i >= warmup:
                samples[name].append((time.perf_counter() - started) * 1000)
                tags[name].append(tag)
    found = c.timings()
    size = f"{mp.size / 2**20:g} MiB"
    return [
        Timed(f"{APP_UP}, {size}", samples[APP_UP], target_ms=50, note="sniff, sha256, fsync x2, DB rows",
              server=found(tags[APP_UP]), ref=f"{RAW_UP}, {size}", server_target=True),
        *([Timed(f"{RAW_UP}, {size}", samples[RAW_UP], server=found(tags[RAW_UP]), baseline=True,
                 note="the app's disk I/O (one streamed write), nothing else"),
           Timed(f"{HASH_UP}, {size}", samples[HASH_UP], server=found(tags[HASH_UP]), ref=f"{RAW_UP}, {size}",
                 note="the least the app must do: the raw baseline plus the sha256"),
           Timed(f"{FORM_UP}, {size}", samples[FORM_UP], server=found(tags[FORM_UP]), ref=f"{RAW_UP}, {size}",
                 note="spool, then copy: what an UploadFile route does")] if bare else []),
    ]


def large_uploads(c: Client, mp: Multipart, tickets: Tickets, pid: int | None, *, warmup: int, n: int,
                  bare: bool) -> list[Bulk]:
    variants = _upload_variants(tickets, bare)
    bulks = {name: Bulk(f"{name}, {mp.size // 2**20} MiB", mp.size, baseline=name == RAW_UP) for name, _ in variants}
    for i in range(warmup + n):
        for name, path in variants:
            url, bulk = path(), bulks[name]
            mem = PeakRSS(pid) if pid else None
            with mem or contextlib.nullcontext():
                started = time.perf_counter()
                c.post(url, mp.chunks(), mp.headers)
                took = time.perf_counter() - started
            if i >= warmup:
                bulk.seconds.append(took)
            if mem:
                bulk.rss_before_kb = bulk.rss_before_kb or mem.before
                bulk.rss_peak_kb = max(bulk.rss_peak_kb, mem.peak)
                bulk.growth_kb.append(mem.peak - mem.before)
    for bulk in bulks.values():
        bulk.rss_after_kb = vm(pid)["VmRSS"] if pid else 0
    return list(bulks.values())


def downloads(c: Client, attachment_id: int, bare_name: str | None, size: int, *, warmup: int, n: int) -> list[Timed]:
    variants = [(APP_DOWN, f"{API}/attachments/{attachment_id}/download")]
    if bare_name:
        variants.append((BARE_DOWN, f"/_bench/download/{bare_name}"))
    total = {name: [] for name, _ in variants}
    first = {name: [] for name, _ in variants}
    tags = {name: [] for name, _ in variants}
    for i in range(warmup + n):
        for name, url in variants:
            ttfb, ms, got, tag = c.get_stream(url)
            if got != size:
                raise RuntimeError(f"{url} sent {got} bytes, expected {size}")
            if i >= warmup:
                total[name].append(ms)
                first[name].append(ttfb)
                tags[name].append(tag)
    found = c.timings()
    mib = f"{size / 2**20:g} MiB"
    rows = [Timed(f"{APP_DOWN}, {mib}", total[APP_DOWN], target_ms=20, server=found(tags[APP_DOWN]),
                  note="auth, permission check, safety headers", ref=f"{BARE_DOWN}, {mib}" if bare_name else ""),
            Timed(f"{APP_DOWN}, time to first byte", first[APP_DOWN], target_ms=10,
                  note="until the first body chunk", ref=f"{BARE_DOWN}, time to first byte" if bare_name else "")]
    if bare_name:
        rows += [Timed(f"{BARE_DOWN}, {mib}", total[BARE_DOWN], server=found(tags[BARE_DOWN]), baseline=True),
                 Timed(f"{BARE_DOWN}, time to first byte", first[BARE_DOWN], baseline=True)]
    return rows


def ticket_with_attachment(c: Client, mp: Multipart, tickets: Tickets, *, warmup: int, n: int) -> Timed:
    """osTicket's figure: accept a new ticket with a 1 MiB file = POST /tickets + POST attachments."""
    body, samples = mp.body(), []
    for i in range(warmup + n):
        started = time.perf_counter()
        ticket_id = tickets.create()
        c.post(f"{API}/tickets/{ticket_id}/attachments", body, mp.headers)
        if i >= warmup:
            samples.append((time.perf_counter() - started) * 1000)
    return Timed(f"New ticket + {mp.size / 2**20:g} MiB attachment (2 requests)", samples, target_ms=77,
                 note="osTicket: 77 ms")

