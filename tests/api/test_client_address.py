"""Which address a request counts as coming from (api/client_address.py)."""

import pytest
from pydantic import ValidationError
from starlette.requests import Request

from helpdesk_app.api.client_address import client_address
from helpdesk_app.config import Settings


def _request(peer: str, forwarded: str | None = None) -> Request:
    headers = [(b"x-forwarded-for", forwarded.encode())] if forwarded is not None else []
    return Request({"type": "http", "client": (peer, 5000), "headers": headers})


@pytest.mark.parametrize("trusted, peer, forwarded, expected", [
    ("", "10.0.0.5", "203.0.113.1", "10.0.0.5"),  # no proxy trusted: the header is anyone's to forge
    ("10.0.0.0/8", "192.0.2.9", "203.0.113.1", "192.0.2.9"),  # the peer is not our proxy
    ("10.0.0.0/8", "10.0.0.5", "203.0.113.1", "203.0.113.1"),
    ("10.0.0.0/8", "10.0.0.5", "198.51.100.7, 203.0.113.1, 10.0.0.4", "203.0.113.1"),  # right-most not ours
    ("10.0.0.0/8", "10.0.0.5", "10.0.0.7, 10.0.0.4", "10.0.0.7"),  # all ours: the first hop
    ("10.0.0.0/8", "10.0.0.5", "", "10.0.0.5"),
    ("10.0.0.0/8", "10.0.0.5", None, "10.0.0.5"),
    ("10.0.0.0/8", "10.0.0.5", "garbage, 203.0.113.1", "203.0.113.1"),
    ("10.0.0.0/8", "10.0.0.5", "203.0.113.1, not-an-ip", "10.0.0.5"),  # believe nothing left of a bad hop
    ("::1, 10.0.0.0/8", "::1", "2001:db8::1", "2001:db8::1"),
])
def test_it_believes_forwarded_for_only_from_trusted_proxies(settings_override, trusted, peer, forwarded, expected):
    settings_override(trusted_proxies=trusted)
    assert client_address(_request(peer, forwarded)) == expected


def test_a_bad_proxy_setting_is_refused_with_its_name():
    with pytest.raises(ValidationError, match="'10.0.0.0/33' is not an IP address or network"):
        Settings(trusted_proxies="10.0.0.1, 10.0.0.0/33")
