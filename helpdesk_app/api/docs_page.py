"""/api/v1/docs: Swagger UI served from our own origin.

FastAPI's own docs page loads Swagger UI from a public CDN: it breaks offline, and it runs a
third party's code on the help desk's origin. The assets come from the fastapi-offline package
(which bundles them); the page and its start-up script are ours, so the page needs no inline
script under the Content-Security-Policy.
"""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI
from starlette.responses import FileResponse
from starlette.staticfiles import StaticFiles

from helpdesk_app.api.paths import PREFIX

VENDOR = Path(fastapi_offline.__file__).resolve().parent / "static"
OWN = Path(__file__).resolve().parent / "docs_ui"


def add_docs(api: FastAPI) -> None:
    @api.get(f"{PREFIX}/docs", include_in_schema=False)
    def docs() -> FileResponse:
        return FileResponse(OWN / "index.html", media_type="text/html")

    @api.get(f"{PREFIX}/docs/init.js", include_in_schema=False)
    def docs_init() -> FileResponse:
        return FileResponse(OWN / "init.js", media_type="text/javascript")

    api.mount(f"{PREFIX}/docs/assets", StaticFiles(directory=VENDOR), name="docs-assets")
