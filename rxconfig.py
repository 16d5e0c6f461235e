"""Reflex configuration: one port (3000) for UI, REST API and uploads; 127.0.0.1 unless told otherwise.

With HELPDESK_REDIS_URL set, the pages' state lives in Redis, so several app processes (make run
WORKERS=4) serve one help desk: a tab's websocket and its uploads may reach different ones.
"""

import os

import reflex as rx
from reflex.plugins.sitemap import SitemapPlugin

port = int(os.environ.get("HELPDESK_PORT", "3000"))
host = os.environ.get("HELPDESK_HOST", "127.0.0.1")
public_url = os.environ.get("HELPDESK_PUBLIC_URL", f"http://{host}:{port}")

config = rx.Config(
    app_name="helpdesk_app",
    redis_url=os.environ.get("HELPDESK_REDIS_URL") or None,
    telemetry_enabled=False,
    frontend_port=port,
    backend_port=port,
    backend_host=host,
    # Websocket handshakes from other sites are refused (cross-site websocket hijacking).
    cors_allowed_origins=sorted({public_url, f"http://127.0.0.1:{port}", f"http://localhost:{port}"}),
    plugins=[rx.plugins.RadixThemesPlugin(theme=rx.theme(accent_color="indigo", gray_color="slate", radius="medium"))],
    disable_plugins=[SitemapPlugin],
    show_built_with_reflex=False,
)
