"""The REST API under /api/v1, mounted into the Reflex app's server."""

import inspect

from fastapi import APIRouter, FastAPI
from fastapi.routing import APIRoute

from helpdesk_app.config import get_settings
from helpdesk_app.api import (
    account_routes, attachment_routes, auth_routes, bulk_routes, canned_routes, errors, notification_routes,
    plain_routes, search_routes, tag_routes, ticket_routes, user_routes, view_routes, watcher_routes,
)
from helpdesk_app.api.docs_page import add_docs
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.api.security_headers import add_security_headers
from helpdesk_app.api.served_by import add_served_by
from helpdesk_app.api.upload_guard import upload_guard


def served(app):
    """What every HTTP request to the server passes through, outermost first: the security headers,
    then the upload guard (which sees every upload path before its body is read), then `app`."""
    guarded = add_security_headers(upload_guard(app))
    return add_served_by(guarded) if get_settings().served_by_header else guarded


def create_api() -> FastAPI:
    api = FastAPI(
        title="Helpdesk API",
        version="1.0",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=None,  # ours, with its assets on our origin (docs_page.py)
        redoc_url=None,
    )
    errors.install(api)
    add_docs(api)
    routers = (auth_routes, account_routes, bulk_routes, ticket_routes, tag_routes, canned_routes, watcher_routes,
               notification_routes, attachment_routes, user_routes, view_routes, search_routes)
    for router in (module.router for module in routers):
        _add_routes(api, router)
    api.router.routes[0:0] = plain_routes.routes(api)  # tried first: the same endpoints, without FastAPI's work
    return api


def _add_routes(api: FastAPI, router: APIRouter) -> None:
    """The router's routes, added to the app itself. Not include_router: FastAPI keeps an included
    router nested and walks it on every request (0.05-0.08 ms of a download's 0.5 ms). Each is
    made anew by the app, with the same settings, so the app's dependency_overrides reach it."""
    for route in router.routes:
        if not isinstance(route, APIRoute):  # nothing else is made anew here (websockets, mounts)
            raise TypeError(f"only API routes can be added this way, not {route!r}")
        settings = {name: getattr(route, name) for name in _ROUTE_SETTINGS if hasattr(route, name)}
        api.router.add_api_route(route.path, route.endpoint, route_class_override=type(route), **settings)


_ROUTE_SETTINGS = [name for name in inspect.signature(APIRouter.add_api_route).parameters
                   if name not in ("self", "path", "endpoint", "route_class_override")]
