"""The address a request comes from: the peer's, or behind a trusted reverse proxy the one it names.

X-Forwarded-For is believed only from HELPDESK_TRUSTED_PROXIES: anyone can send the header, and a
believed forgery would let a guesser pose as a new address for every try. The client is the
right-most address in the header that is not one of our proxies (each proxy appends the address
it got the request from).
"""

import ipaddress
from functools import lru_cache

from starlette.requests import Request

from helpdesk_app.config import get_settings

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def _networks(setting: str) -> tuple[Network, ...]:
    """The setting's addresses and networks (config.Settings has checked each)."""
    return tuple(ipaddress.ip_network(item.strip(), strict=False) for item in setting.split(",") if item.strip())


def _trusted(address: str, networks: tuple[Network, ...]) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


def client_address(request: Request) -> str:
    peer = request.client.host if request.client else ""
    networks = _networks(get_settings().trusted_proxies)
    if not networks or not _trusted(peer, networks):
        return peer
    forwarded = [hop.strip() for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    for hop in reversed(forwarded):
        if not _trusted(hop, networks):
            try:
                return str(ipaddress.ip_address(hop))
            except ValueError:
                return peer  # a malformed hop: believe nothing left of it
    return forwarded[0] if forwarded else peer
