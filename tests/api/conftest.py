"""The REST API served for real: uvicorn on a free 127.0.0.1 port, spoken to with httpx.

The app is wrapped in the upload guard as in production (helpdesk_app.py wraps the whole app),
so oversized uploads are refused before their body is read here too.
"""

import socket
import threading
import time
from collections.abc import Callable, Iterator

import httpx
import pytest
import uvicorn
from sqlmodel import Session

from helpdesk_app import runtime
from helpdesk_app.api import create_api, served
from helpdesk_app.models import User
from helpdesk_app.services.identity import sessions
from helpdesk_app.services.identity.sessions import CSRF_COOKIE, SESSION_COOKIE
from tests.blobs import Blobs, local_blobs, s3_blobs
from tests.s3_server import free_ports


@pytest.fixture(scope="session")
def server_url(app_engine) -> Iterator[str]:
    """The API app on its own server thread, on the session's test database."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    # asyncio turns Nagle off only for sockets made with proto=IPPROTO_TCP; this one has proto 0, and
    # without this every answer (headers and body sent apart) waited ~40 ms for a delayed ACK.
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    # proxy_headers off, as granian (what make run serves with) has them: the app itself decides whose
    # X-Forwarded-For to believe (HELPDESK_TRUSTED_PROXIES), and uvicorn would otherwise believe loopback's.
    config = uvicorn.Config(served(create_api()), log_level="warning", access_log=False, lifespan="off",
                            proxy_headers=False)
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="api-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError("the API server did not start")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture(autouse=True)
def _wipe_rows_after_each_api_test(clean_db):
    """Every API test starts from an empty database (see clean_db)."""
    yield


@pytest.fixture
def base_url(server_url) -> str:
    return f"{server_url}/api/v1"


@pytest.fixture
def make_client(base_url) -> Iterator[Callable[..., httpx.Client]]:
    """make_client() is anonymous; make_client(token=...) sends `Authorization: Bearer <token>`."""
    clients: list[httpx.Client] = []

    def make(*, token: str | None = None, **kwargs) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        client = httpx.Client(base_url=base_url, headers=headers, timeout=10, **kwargs)
        clients.append(client)
        return client

    yield make
    for client in clients:
        client.close()


@pytest.fixture
def anon(make_client) -> httpx.Client:
    return make_client()


@pytest.fixture
def sign_in(clean_db) -> Callable[[User], sessions.IssuedSession]:
    """A session for a user made straight through the service (no Argon2 check, so it is quick)."""

    def issue(user: User) -> sessions.IssuedSession:
        with Session(clean_db, expire_on_commit=False) as session:
            issued = sessions.start_session(session, user)
            session.commit()
        return issued

    return issue


@pytest.fixture
def client_for(sign_in, make_client) -> Callable[[User], httpx.Client]:
    """client_for(user): an httpx client that sends that user's bearer token."""

    def make(user: User) -> httpx.Client:
        return make_client(token=sign_in(user).token)

    return make


@pytest.fixture
def cookie_client_for(sign_in, make_client, server_url) -> Callable[..., tuple[httpx.Client, str]]:
    """cookie_client_for(user) -> (client holding the browser cookies, csrf token); no bearer header."""

    def make(user: User) -> tuple[httpx.Client, str]:
        issued = sign_in(user)
        client = make_client()
        client.cookies.set(SESSION_COOKIE, issued.token, domain="127.0.0.1", path="/")
        client.cookies.set(CSRF_COOKIE, issued.csrf_token, domain="127.0.0.1", path="/")
        return client, issued.csrf_token

    return make


@pytest.fixture
def as_admin(client_for, admin):
    return client_for(admin)


@pytest.fixture
def as_agent(client_for, agent):
    return client_for(agent)


@pytest.fixture
def as_customer(client_for, customer):
    return client_for(customer)


@pytest.fixture
def as_other_customer(client_for, other_customer):
    return client_for(other_customer)



# ---------------------------------------------------------------- attachments

# Small limits keep the tests fast (the settings are in MB).
FILE_SETTINGS = {"virus_scan": "off", "max_file_mb": 1, "max_files_per_ticket": 4, "max_ticket_mb": 2}


@pytest.fixture
def configure_files(settings_override, tmp_path, request) -> Callable[..., Blobs | None]:
    """configure_files("local" | "s3", down=False, **settings): the app's attachment settings for this
    test (HELPDESK_* variables; restored afterwards) with a storage of its own. Returns a view of
    what that storage holds, or None with down=True: a local root that cannot be created, or S3 on
    a closed port."""

    def configure(storage: str = "local", *, down: bool = False, **settings) -> Blobs | None:
        data_dir = tmp_path / "data"
        values: dict = {"data_dir": data_dir, "storage": storage, **FILE_SETTINGS}
        if storage == "s3":
            server = request.getfixturevalue("s3_server")
            values |= {"s3_bucket": request.getfixturevalue("s3_bucket"), "s3_endpoint_url": server.endpoint_url,
                       "s3_access_key_id": server.access_key, "s3_secret_access_key": server.secret_key,
                       "s3_region": server.region}
        if down and storage == "s3":
            values["s3_endpoint_url"] = f"http://127.0.0.1:{free_ports(1)[0]}"  # nothing listens there
        elif down:
            data_dir.write_bytes(b"")  # attachments would go under a file
        settings_override(**(values | settings))
        if down:
            return None
        if storage == "s3":
            return s3_blobs(server, values["s3_bucket"], runtime.get_storage())
        return local_blobs(data_dir / "attachments", runtime.get_storage())

    return configure


@pytest.fixture
def local_files(configure_files) -> Blobs:
    """Attachments on local disk with the small test limits."""
    return configure_files("local")


@pytest.fixture(params=["local", "s3"])
def any_files(request, configure_files) -> Blobs:
    """The same test on local disk and on S3."""
    return configure_files(request.param)
