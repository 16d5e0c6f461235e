"""The scanner tests use the one real clamd of tests/conftest.py (`clamd`); it fails the run if it cannot start."""

import pytest

from helpdesk_app.scanner import ClamdScanner


@pytest.fixture(params=["unix", "tcp"])
def scanner(request, clamd) -> ClamdScanner:
    """The client on each transport clamd offers."""
    if request.param == "unix":
        return ClamdScanner(socket_path=clamd.socket_path)
    return ClamdScanner(host=clamd.host, port=clamd.port)
