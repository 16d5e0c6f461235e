"""The REST API under /api/v1, mounted into the Reflex app's server."""

from fastapi import FastAPI

from helpdesk_app.api import attachment_routes, auth_routes, errors, ticket_routes, user_routes

PREFIX = "/api/v1"


def create_api() -> FastAPI:
    api = FastAPI(
        title="Helpdesk API",
        version="1.0",
        openapi_url=f"{PREFIX}/openapi.json",
        docs_url=f"{PREFIX}/docs",
        redoc_url=None,
    )
    errors.install(api)
    for router in (auth_routes.router, ticket_routes.router, attachment_routes.router, user_routes.router):
        api.include_router(router, prefix=PREFIX)
    return api
