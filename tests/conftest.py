"""Shared fixtures: a throwaway database, factories and personas.

The database is a fresh SQLite file per test session, or, when
HELPDESK_TEST_DATABASE_URL names a PostgreSQL server, a new uniquely named
database on it that is dropped at the end. Either way Alembic builds the schema
and the developer's data/ folder is never touched.

Nothing here is autouse, so other folders (tests/browser/) are not affected: a
test that asks for `db` (or `clean_db`) gets every row deleted afterwards, and
tests/api/conftest.py turns that on for all API tests.

The real services the attachment tests need, a SeaweedFS S3 server (`s3_server`) and
clamd (`clamd`), are started once per session (per xdist worker) by the first test
that asks for them, and fail that test loudly if they cannot start.
"""

import os
import secrets
from collections.abc import Callable, Iterator

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, update

from helpdesk_app import db as app_db
from helpdesk_app import migrations, runtime
from helpdesk_app.config import get_settings
from helpdesk_app.models import Role, Ticket, TicketCreate, User
from helpdesk_app.services import tickets as ticket_service
from helpdesk_app.services.identity.passwords import hash_password

from tests.clamd_server import ClamdServer, clamd_server
from tests.s3_server import S3Server, seaweedfs_s3
from tests.support import DEFAULT_PASSWORD, backend_name, fresh_database, wipe_database

# Settings the suite depends on, set explicitly so a developer's .env cannot change them.
_TEST_SETTINGS = {
    "HELPDESK_SIGNUP_ENABLED": "true",
    "HELPDESK_SESSION_HOURS": "336",
    "HELPDESK_SECURE_COOKIES": "false",
    "HELPDESK_LOGIN_MAX_FAILURES": "5",
    "HELPDESK_LOGIN_WINDOW_MINUTES": "15",
    # Attachments: the documented defaults (tests that need others set them per test).
    "HELPDESK_STORAGE": "local",
    "HELPDESK_VIRUS_SCAN": "off",
    "HELPDESK_MAX_FILE_MB": "50",
    "HELPDESK_MAX_FILES_PER_TICKET": "20",
    "HELPDESK_MAX_TICKET_MB": "500",
}


@pytest.fixture(scope="session")
def database_url(tmp_path_factory) -> Iterator[str]:
    """The session's test database, migrated to head with Alembic."""
    with fresh_database(backend_name(), tmp_path_factory.mktemp("db")) as url:
        migrations.upgrade(url)
        yield url


@pytest.fixture(scope="session")
def app_engine(database_url, tmp_path_factory) -> Iterator[Engine]:
    """Point the app (settings and engine) at the test database for the whole session."""
    data_dir = tmp_path_factory.mktemp("data")
    env = {"HELPDESK_DATA_DIR": str(data_dir), "HELPDESK_DATABASE_URL": database_url, **_TEST_SETTINGS}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    get_settings.cache_clear()
    runtime.reset()
    engine = app_db.make_engine(database_url)
    app_db.use_engine(engine)
    try:
        yield engine
    finally:
        app_db.use_engine(None)
        engine.dispose()
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value
        get_settings.cache_clear()
        runtime.reset()


@pytest.fixture
def clean_db(app_engine) -> Iterator[Engine]:
    """The app's engine; every row is deleted after the test."""
    yield app_engine
    wipe_database(app_engine)


@pytest.fixture
def db(clean_db) -> Iterator[Session]:
    """A session on the test database (closed before the rows are wiped)."""
    with Session(clean_db, expire_on_commit=False) as session:
        yield session


@pytest.fixture
def settings_override() -> Iterator[Callable[..., object]]:
    """settings_override(signup_enabled=False) changes HELPDESK_* settings for one test.

    The attachment storage, scanner and limits built from them (helpdesk_app.runtime) are
    rebuilt on next use, and again after the test with the settings restored."""
    saved: dict[str, str | None] = {}

    def override(**values):
        for key, value in values.items():
            env = f"HELPDESK_{key.upper()}"
            saved.setdefault(env, os.environ.get(env))
            os.environ[env] = str(value).lower() if isinstance(value, bool) else str(value)
        get_settings.cache_clear()
        runtime.reset()
        return get_settings()

    yield override
    for env, value in saved.items():
        if value is None:
            os.environ.pop(env, None)
        else:
            os.environ[env] = value
    get_settings.cache_clear()
    runtime.reset()


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory) -> Iterator[S3Server]:
    """A real S3 (SeaweedFS) for the whole session."""
    with seaweedfs_s3(tmp_path_factory.mktemp("seaweedfs")) as server:
        yield server


@pytest.fixture(scope="session")
def s3_bucket(s3_server) -> str:
    return s3_server.make_bucket()


@pytest.fixture(scope="session")
def clamd() -> Iterator[ClamdServer]:
    """A real clamd that knows the EICAR test file, for the whole session."""
    with clamd_server() as server:
        yield server


@pytest.fixture(scope="session")
def default_password_hash() -> str:
    return hash_password(DEFAULT_PASSWORD)


@pytest.fixture
def make_user(db, default_password_hash) -> Callable[..., tuple[User, str]]:
    """make_user(role=Role.agent, email=..., name=..., password=..., is_active=...) -> (user, password)."""
    counter = iter(range(1, 10_000))

    def make(
        *, role: Role | str = Role.customer, email: str | None = None, name: str | None = None,
        password: str | None = None, is_active: bool = True,
    ) -> tuple[User, str]:
        n = next(counter)
        role = Role(role)
        user = User(
            email=email or f"{role.value}{n}-{secrets.token_hex(3)}@example.com",
            name=name or f"{role.value.title()} {n}",
            role=role,
            is_active=is_active,
            password_hash=hash_password(password) if password else default_password_hash,
        )
        db.add(user)
        db.commit()
        return user, password or DEFAULT_PASSWORD

    return make


@pytest.fixture
def make_ticket(db) -> Callable[..., Ticket]:
    """make_ticket(requester=user, actor=..., status=..., priority=..., assignee=...): through the service,
    so it gets a real number; status and assignee are then set directly (no history events)."""

    def make(
        *, requester: User, actor: User | None = None, subject: str = "Printer on fire",
        description: str = "It smokes when I print.", priority: str = "normal",
        status: str | None = None, assignee: User | None = None,
    ) -> Ticket:
        actor = actor or requester
        data = TicketCreate(
            subject=subject, description=description, priority=priority,
            requester_id=None if actor.id == requester.id else requester.id,
        )
        ticket = ticket_service.create_ticket(db, actor=actor, data=data)
        values = {}
        if status is not None:
            values["status"] = status
        if assignee is not None:
            values["assignee_id"] = assignee.id
        if values:
            db.exec(update(Ticket).where(Ticket.id == ticket.id).values(**values))
        db.commit()
        db.refresh(ticket)
        return ticket

    return make


@pytest.fixture
def admin(make_user) -> User:
    return make_user(role=Role.admin, name="Ada Admin", email="admin@example.com")[0]


@pytest.fixture
def agent(make_user) -> User:
    return make_user(role=Role.agent, name="Alex Agent", email="agent@example.com")[0]


@pytest.fixture
def customer(make_user) -> User:
    return make_user(role=Role.customer, name="Carla Customer", email="carla@example.com")[0]


@pytest.fixture
def other_customer(make_user) -> User:
    return make_user(role=Role.customer, name="Chris Client", email="chris@example.com")[0]


@pytest.fixture
def smtp_sink():
    """A real SMTP server (aiosmtpd) on a free port, for one test."""
    from tests.smtp_server import SmtpSink

    sink = SmtpSink().start()
    yield sink
    sink.stop()
