"""Page states driven without a browser: a state object with the router data a tab would send."""

from collections.abc import Callable

import pytest
import reflex as rx
from reflex.istate.data import RouterData

from helpdesk_app.models import User
from helpdesk_app.services.identity import sessions


@pytest.fixture(scope="session", autouse=True)
def _pages_registered():
    """The app with its pages, whose routes give the states their arguments (ticket_id)."""
    from helpdesk_app.helpdesk_app import app
    return app


@pytest.fixture(autouse=True)
def _wipe_rows_after_each_state_test(clean_db):
    """Every state test starts from an empty database (see clean_db)."""
    yield


@pytest.fixture
def page_state(db) -> Callable:
    """page_state(StateClass, user or None, "/tickets?status=open", ticket_id=...): the state of one tab,
    signed in as `user` by the session cookie (none when None)."""

    def make(state_class, user: User | None, path: str, **params):
        cookie = f"{sessions.SESSION_COOKIE}={sessions.start_session(db, user).token}" if user else ""
        # The whole tree, as a tab has it: a state's computed vars may be read by its substates.
        root = rx.State(_reflex_internal_init=True)
        state = root.get_substate(state_class.get_full_name().split("."))
        state.router = RouterData.from_router_data({
            "headers": {"cookie": cookie, "origin": "http://127.0.0.1:3000"}, "pathname": path.split("?")[0],
            "asPath": path, "query": params})
        return state
    return make


def redirect_target(spec) -> str | None:
    """Where an rx.redirect event spec sends the tab (None for any other event, or none)."""
    if spec is None or getattr(spec, "handler", None) is None or spec.handler.fn.__qualname__ != "_redirect":
        return None
    return dict((name._js_expr, value._var_value) for name, value in spec.args)["path"]
