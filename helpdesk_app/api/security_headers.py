"""Security headers on every answer: the pages, the REST API, uploads and downloads.

The Content-Security-Policy allows scripts from our own origin only, plus the inline scripts of
the frontend's build, each by its sha256 (React Router writes a few into every pre-rendered
page); no 'unsafe-inline', no 'unsafe-eval' (so the app never uses rx.call_script or event
callbacks, which Reflex's client runs with eval: see state/login.py). Nothing may frame the help
desk (frame-ancestors 'none'), so no other site can trick an agent into clicks. Styles may be
inline: Radix sets them on elements. An answer that brings its own policy keeps it (a downloaded
file's is stricter: no script at all, in a sandbox).
"""

import base64
import hashlib
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from helpdesk_app.config import get_settings

_INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", re.S)


def build_dir(workdir: str) -> Path:
    """Where `reflex run --env prod` puts the frontend, in Reflex's REFLEX_WEB_WORKDIR (default .web)."""
    return Path(workdir) / "build" / "client"


def inline_script_hashes(directory: Path) -> list[str]:
    """The CSP source of every distinct inline script in the build's pages, sorted."""
    hashes = set()
    for page in directory.rglob("*.html") if directory.is_dir() else ():
        for script in _INLINE_SCRIPT.findall(page.read_bytes()):
            if script.strip():
                hashes.add(f"'sha256-{base64.b64encode(hashlib.sha256(script).digest()).decode()}'")
    return sorted(hashes)


def _websocket_origins(public_url: str) -> str:
    """The websocket's own origin: 'self' covers it in today's browsers, older ones want it named."""
    parts = urlsplit(public_url)
    scheme = "wss" if parts.scheme == "https" else "ws"
    return f"{scheme}://{parts.netloc}" if parts.netloc else ""


_cache: dict[tuple, list[tuple[bytes, bytes]]] = {}


def _headers(workdir: str, public_url: str, secure: bool) -> list[tuple[bytes, bytes]]:
    """Built once per setting (a build's pages do not change while it is served); not kept while
    there is no build yet (the server answers /ping before the first one is written)."""
    key = (workdir, public_url, secure)
    if key not in _cache:
        hashes = inline_script_hashes(build_dir(workdir))
        headers = _build(hashes, public_url, secure)
        if not hashes:
            return headers
        _cache[key] = headers
    return _cache[key]


def _build(hashes: list[str], public_url: str, secure: bool) -> list[tuple[bytes, bytes]]:
    scripts = " ".join(["'self'", *hashes])
    policy = "; ".join([
        "default-src 'self'", f"script-src {scripts}", "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data: blob:", "font-src 'self' data:",
        f"connect-src 'self' {_websocket_origins(public_url)}".rstrip(), "frame-src 'self'",
        "frame-ancestors 'none'", "form-action 'self'", "base-uri 'self'", "object-src 'none'",
    ])
    headers = [
        (b"content-security-policy", policy.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"same-origin"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]
    if secure:  # served over HTTPS (behind a TLS proxy): browsers keep to HTTPS from then on
        headers.append((b"strict-transport-security", b"max-age=31536000; includeSubDomains"))
    return headers


def add_security_headers(app):
    """The ASGI wrapper: each header is added unless the answer set its own."""
    async def with_headers(scope, receive, send):
        if scope["type"] != "http":
            return await app(scope, receive, send)
        extra = _headers(os.environ.get("REFLEX_WEB_WORKDIR", ".web"), os.environ.get("HELPDESK_PUBLIC_URL", ""),
                         get_settings().secure_cookies)

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                message = {**message, "headers": [*message.get("headers", []),
                                                  *(h for h in extra if h[0] not in present)]}
            await send(message)
        await app(scope, receive, send_with_headers)
    return with_headers
