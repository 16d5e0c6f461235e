"""The admin CLI, run as a real subprocess against its own fresh database.

On SQLite the CLI gets only HELPDESK_DATA_DIR (the default embedded database in that
folder); with HELPDESK_TEST_DATABASE_URL set it gets a fresh PostgreSQL database.
"""

import stat

import pytest
from sqlalchemy import func, inspect, select
from sqlmodel import SQLModel

from helpdesk_app.models import Reply, Role, Ticket, TicketNumberCounter, User
from helpdesk_app.services.identity.passwords import verify_password

def _assert_clean_failure(result, code: int, *needles: str) -> None:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr + result.stdout
    for needle in needles:
        assert needle in result.stderr


def test_migrate_builds_the_schema_and_can_run_twice(cli):
    first = cli.run("migrate")
    assert first.returncode == 0, first.stderr
    assert "Database is up to date." in first.stdout
    tables = cli.query(lambda s: set(inspect(s.connection()).get_table_names()))
    assert {t.name for t in SQLModel.metadata.sorted_tables} <= tables
    second = cli.run("migrate")
    assert second.returncode == 0, second.stderr


def test_users_create_makes_a_user_with_a_hashed_password(migrated_cli):
    result = migrated_cli.run("users", "create", "--email", "Boss@Example.com", "--name", "The Boss",
                              "--role", "admin", "--password", "a long secret")
    assert result.returncode == 0, result.stderr
    assert "Created admin boss@example.com" in result.stdout
    user = migrated_cli.query(lambda s: s.exec(select(User)).scalars().one())
    assert (user.email, user.name, user.role, user.is_active) == ("boss@example.com", "The Boss", Role.admin, True)
    assert verify_password(user.password_hash, "a long secret")
    assert "a long secret" not in result.stdout + result.stderr


def test_users_create_refuses_a_duplicate_email(migrated_cli):
    args = ("users", "create", "--email", "a@example.com", "--name", "A", "--role", "agent",
            "--password", "long enough")
    assert migrated_cli.run(*args).returncode == 0
    _assert_clean_failure(migrated_cli.run(*args), 2, "email: An account with this email already exists.")


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--email", "not-an-email", "--name", "N", "--role", "agent", "--password", "long enough"], "email: "),
        (["--email", "n@example.com", "--name", "N", "--role", "agent", "--password", "short"],
         "password: Use at least 8 characters."),
        (["--email", "n@example.com", "--name", " ", "--role", "agent", "--password", "long enough"],
         "name: Enter a name."),
        (["--email", "n@example.com", "--name", "N", "--role", "wizard", "--password", "long enough"],
         "invalid choice: 'wizard'"),
        (["--email", "n@example.com", "--role", "agent", "--password", "long enough"],
         "the following arguments are required: --name"),
    ],
    ids=["email", "password", "name", "role", "missing-name"],
)
def test_users_create_rejects_bad_input_with_exit_code_2(migrated_cli, args, needle):
    _assert_clean_failure(migrated_cli.run("users", "create", *args), 2, needle)
    assert migrated_cli.query(lambda s: s.exec(select(func.count()).select_from(User)).scalar()) == 0


def test_an_unknown_command_is_a_usage_error(cli):
    _assert_clean_failure(cli.run("frobnicate"), 2, "invalid choice")


def test_a_database_without_schema_gives_a_clear_error(cli):
    cli.data_dir.mkdir(parents=True, exist_ok=True)
    result = cli.run("users", "create", "--email", "a@example.com", "--name", "A", "--role", "agent",
                     "--password", "long enough")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith("error: ")


def test_seed_demo_creates_users_with_fresh_passwords_once(migrated_cli):
    result = migrated_cli.run("seed-demo")
    assert result.returncode == 0, result.stderr
    saved = migrated_cli.data_dir / "demo-logins.txt"
    assert stat.S_IMODE(saved.stat().st_mode) == 0o600
    logins = {}
    for line in saved.read_text().splitlines()[1:]:
        role, email, password = line.split()
        logins[email] = (role, password)
        assert email in result.stdout and password in result.stdout
    assert sorted(r for r, _ in logins.values()) == ["admin", "agent", "agent", "customer", "customer"]
    passwords = [p for _, p in logins.values()]
    assert len(set(passwords)) == 5 and all(len(p) >= 12 for p in passwords)

    def check(session):
        users = {u.email: u for u in session.exec(select(User)).scalars()}
        assert set(users) == set(logins)
        for email, (role, password) in logins.items():
            assert users[email].role == role
            assert verify_password(users[email].password_hash, password)
        assert session.exec(select(func.count()).select_from(Ticket)).scalar() >= 3
        assert session.exec(select(func.count()).select_from(Reply).where(Reply.internal)).scalar() >= 1

    migrated_cli.query(check)
    again = migrated_cli.run("seed-demo")
    assert again.returncode == 1
    assert "already has users" in again.stdout


def test_bootstrap_migrates_and_seeds_only_an_empty_database(cli):
    first = cli.run("bootstrap")
    assert first.returncode == 0, first.stderr
    assert "Demo logins" in first.stdout
    def count_users(session):
        return session.exec(select(func.count()).select_from(User)).scalar()
    assert cli.query(count_users) == 5
    # What `make run` does on every start: a second run changes nothing and prints no logins.
    second = cli.run("bootstrap")
    assert second.returncode == 0, second.stderr
    assert "Demo logins" not in second.stdout
    assert cli.query(count_users) == 5


def test_seed_bulk_inserts_tickets_and_replies(migrated_cli):
    result = migrated_cli.run("seed-bulk", "--tickets", "200", "--replies-per-ticket", "3")
    assert result.returncode == 0, result.stderr
    assert "Inserted 200 tickets and 600 replies" in result.stdout

    def check(session):
        numbers = list(session.exec(select(Ticket.number).order_by(Ticket.number)).scalars())
        assert numbers == list(range(1001, 1201))
        assert session.exec(select(TicketNumberCounter.last_number)).scalar() == 1200
        assert session.exec(select(func.count()).select_from(Reply)).scalar() == 600
        per_ticket = session.exec(select(func.count()).select_from(Reply).group_by(Reply.ticket_id)).scalars().all()
        assert set(per_ticket) == {3}
        # Every ticket's requester is a customer, every assignee an agent.
        requester_roles = session.exec(
            select(User.role).join(Ticket, Ticket.requester_id == User.id).distinct()).scalars().all()
        assert set(requester_roles) == {Role.customer}
        assignee_roles = session.exec(
            select(User.role).join(Ticket, Ticket.assignee_id == User.id).distinct()).scalars().all()
        assert set(assignee_roles) == {Role.agent}

    migrated_cli.query(check)


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--tickets", "many"], "'many' is not a whole number"),
        (["--replies-per-ticket", "2"], "the following arguments are required: --tickets"),
        # A negative count used to rewind the ticket number counter.
        (["--tickets", "-5"], "argument --tickets: use 1 or more"),
        (["--tickets", "5", "--replies-per-ticket", "-1"], "argument --replies-per-ticket: use 0 or more"),
    ],
    ids=["not-a-number", "missing", "negative-tickets", "negative-replies"],
)
def test_seed_bulk_rejects_bad_arguments(migrated_cli, args, needle):
    _assert_clean_failure(migrated_cli.run("seed-bulk", *args), 2, needle)
    assert migrated_cli.query(lambda s: s.exec(select(TicketNumberCounter.last_number)).scalar()) == 1000
    assert migrated_cli.query(lambda s: s.exec(select(func.count()).select_from(User)).scalar()) == 0
