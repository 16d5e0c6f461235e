"""The attachment benchmark's server: the real API exactly as production wraps it, plus bare
Starlette baseline routes doing the same disk I/O, all behind one timing wrapper.

  HELPDESK_BENCH_SERVER=1 python -m uvicorn scripts.bench.att_server:app

Everything under /api/v1 is `served(create_api())`, as helpdesk_app.py mounts it. Besides:
  POST /_bench/upload/raw        the raw request body streamed straight into one file, fsync: the app's
                                 disk I/O (one streamed write), without parsing, auth, type sniffing,
                                 hashing, limits or database: the baseline of the upload ratios
  POST /_bench/upload/raw-sha256 the same, also computing the sha256 the app must compute (shown for reference)
  POST /_bench/upload/form       `await request.form()` (Starlette spools each file part, to a temp
                                 file once over 1 MiB), then copies each file into
                                 <data_dir>/bench-baseline/ in 1 MiB chunks and fsyncs it: two writes,
                                 what a route taking FastAPI's `UploadFile` does (shown for reference)
  GET  /_bench/download/{name}   a bare FileResponse of a file written by the routes above
  GET  /_bench/timings           the wrapper's server-side times (ms) by X-Bench-Id, then forgets them
  GET  /_bench/ping

The wrapper times every request that carries an `X-Bench-Id` header, from the moment the server
hands the request to the app (headers parsed; the body may still be arriving) to the response
start and to the last body message, and adds `Server-Timing: app;dur=<ms to response start>`.
"""

import hashlib
import os
import re
import shutil
import time
import uuid

from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

WRITE_CHUNK = 1 << 20
TIMINGS: dict[str, list[float]] = {}  # X-Bench-Id -> [ms to response start, ms to end]
_NAME = re.compile(r"^[0-9a-f]{32}$")


def _baseline_dir():
    from helpdesk_app.config import get_settings

    path = get_settings().data_dir / "bench-baseline"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _copy_to_disk(src) -> str:
    name = uuid.uuid4().hex
    with open(_baseline_dir() / name, "wb") as out:
        shutil.copyfileobj(src, out, WRITE_CHUNK)
        out.flush()
        os.fsync(out.fileno())
    return name


async def upload_form(request: Request) -> Response:
    form = await request.form()
    try:
        names = [await run_in_threadpool(_copy_to_disk, f.file) for f in form.getlist("files")]
    finally:
        await form.close()
    return JSONResponse({"names": names}, status_code=201)


async def upload_raw(request: Request) -> Response:
    name = uuid.uuid4().hex
    out = await run_in_threadpool(open, _baseline_dir() / name, "wb")
    try:
        pending = bytearray()
        async for chunk in request.stream():
            pending += chunk
            if len(pending) >= WRITE_CHUNK:
                await run_in_threadpool(out.write, bytes(pending))
                pending.clear()
        await run_in_threadpool(out.write, bytes(pending))
        await run_in_threadpool(out.flush)
        await run_in_threadpool(os.fsync, out.fileno())
    finally:
        await run_in_threadpool(out.close)
    return JSONResponse({"names": [name]}, status_code=201)


async def upload_raw_hashed(request: Request) -> Response:
    """upload_raw plus the sha256 the issue requires of every upload: the least work the app must do."""
    name, digest = uuid.uuid4().hex, hashlib.sha256()
    out = await run_in_threadpool(open, _baseline_dir() / name, "wb")

    def put(data: bytes) -> None:
        digest.update(data)
        out.write(data)
    try:
        pending = bytearray()
        async for chunk in request.stream():
            pending += chunk
            if len(pending) >= WRITE_CHUNK:
                await run_in_threadpool(put, bytes(pending))
                pending.clear()
        await run_in_threadpool(put, bytes(pending))
        await run_in_threadpool(out.flush)
        await run_in_threadpool(os.fsync, out.fileno())
    finally:
        await run_in_threadpool(out.close)
    return JSONResponse({"names": [name], "sha256": digest.hexdigest()}, status_code=201)


async def download(request: Request) -> Response:
    name = request.path_params["name"]
    if not _NAME.match(name):
        return JSONResponse({"detail": "bad name"}, status_code=404)
    return FileResponse(_baseline_dir() / name, media_type="application/octet-stream")


async def timings(request: Request) -> Response:
    answer = dict(TIMINGS)
    TIMINGS.clear()
    return JSONResponse(answer)


async def ping(request: Request) -> Response:
    return JSONResponse({"ok": True})


def timed(inner):
    async def wrapper(scope, receive, send):
        tag = next((v.decode() for k, v in scope.get("headers", ()) if k == b"x-bench-id"), None) \
            if scope["type"] == "http" else None
        if tag is None:
            return await inner(scope, receive, send)
        started, first = time.perf_counter(), None

        async def timed_send(message):
            nonlocal first
            kind = message["type"]
            if kind == "http.response.start":
                first = time.perf_counter()
                header = f"app;dur={(first - started) * 1000:.2f}".encode()
                message = {**message, "headers": [*message.get("headers", []), (b"server-timing", header)]}
            await send(message)
            if kind == "http.response.pathsend" or (kind == "http.response.body" and not message.get("more_body")):
                TIMINGS[tag] = [((first or started) - started) * 1000, (time.perf_counter() - started) * 1000]

        await inner(scope, receive, timed_send)

    return wrapper


def build_app():
    from helpdesk_app.api import create_api, served

    real = served(create_api())  # exactly as helpdesk_app.py's api_transformer wraps it
    bench = Starlette(routes=[
        Route("/_bench/upload/form", upload_form, methods=["POST"]),
        Route("/_bench/upload/raw", upload_raw, methods=["POST"]),
        Route("/_bench/upload/raw-sha256", upload_raw_hashed, methods=["POST"]),
        Route("/_bench/download/{name}", download, methods=["GET", "HEAD"]),
        Route("/_bench/timings", timings),
        Route("/_bench/ping", ping),
    ])

    async def route(scope, receive, send):
        if scope["type"] == "http" and scope["path"].startswith("/_bench/"):
            return await bench(scope, receive, send)
        return await real(scope, receive, send)

    return timed(route)


if os.environ.get("HELPDESK_BENCH_SERVER") == "1":
    app = build_app()
