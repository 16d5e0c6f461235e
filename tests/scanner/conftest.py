"""One real clamd for the scanner tests (see tests/clamd_server.py); it fails the run if it cannot start."""

from collections.abc import Iterator

import pytest

from helpdesk_app.scanner import ClamdScanner
from tests.clamd_server import ClamdServer, clamd_server


@pytest.fixture(scope="session")
def clamd() -> Iterator[ClamdServer]:
    with clamd_server() as server:
        yield server


@pytest.fixture(params=["unix", "tcp"])
def scanner(request, clamd) -> ClamdScanner:
    """The client on each transport clamd offers."""
    if request.param == "unix":
        return ClamdScanner(socket_path=clamd.socket_path)
    return ClamdScanner(host=clamd.host, port=clamd.port)
