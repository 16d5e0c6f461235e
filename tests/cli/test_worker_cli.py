"""The background worker as `make run` starts it (python -m helpdesk_app worker), and the outbox commands."""

import signal
import subprocess
import sys
import time

import pytest
from sqlmodel import select

from helpdesk_app.models import Attachment, OutboxEntry, OutboxStatus, Role, TicketCreate, User
from helpdesk_app.scanner import NoScanner
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.services.intake.new_ticket import open_ticket_with_files
from helpdesk_app.storage import LocalStorage
from tests.blobs import incoming
from tests.cli.conftest import ROOT
from tests.samples import make_png
from tests.support import backend_name


def _ticket_with_an_image(cli) -> str:
    """A ticket with a PNG, stored where the worker's default storage is; the image's storage key."""
    def make(session):
        user = User(email="c@example.com", name="Carla", role=Role.customer, password_hash="x")
        session.add(user)
        session.commit()
        ticket = open_ticket_with_files(
            session, actor=user, data=TicketCreate(subject="Screen", description="Broken"),
            files=[incoming("screen.png", make_png())], storage=LocalStorage(cli.data_dir / "attachments"),
            scanner=NoScanner(), limits=AttachmentLimits())
        [attachment] = session.exec(select(Attachment).where(Attachment.ticket_id == ticket.id)).all()
        return attachment.storage_key
    return cli.query(make)


def _statuses(cli) -> list[str]:
    return cli.query(lambda s: sorted(e.status.value for e in s.exec(select(OutboxEntry)).all()))


def test_the_worker_delivers_as_it_runs_and_stops_on_sigterm(migrated_cli):
    cli = migrated_cli
    env = {**cli.env, "HELPDESK_WORKER_POLL_SECONDS": "0.2"}
    worker = subprocess.Popen([sys.executable, "-m", "helpdesk_app", "worker"], cwd=ROOT, env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        key = _ticket_with_an_image(cli)
        thumbnail = cli.data_dir / "attachments" / f"{key}.thumb"
        deadline = time.monotonic() + 20
        while not thumbnail.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert thumbnail.exists() and thumbnail.read_bytes()[:4] == b"RIFF"  # a WebP, made by the worker
        deadline = time.monotonic() + 10
        while _statuses(cli) != ["done", "done"] and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _statuses(cli) == ["done", "done"]  # ticket.created (no consumer yet) and attachments.added
        if backend_name() == "sqlite":
            second = subprocess.run([sys.executable, "-m", "helpdesk_app", "worker"], cwd=ROOT, env=env,
                                    capture_output=True, text=True, timeout=60)
            assert second.returncode == 1 and "another worker is running" in second.stderr
            assert "Traceback" not in second.stderr
    finally:
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=15)
    assert worker.returncode == 0, err
    assert "Traceback" not in err


def test_once_delivers_what_is_due_and_stops(migrated_cli):
    _ticket_with_an_image(migrated_cli)
    result = migrated_cli.run("worker", "--once")
    assert (result.returncode, result.stdout) == (0, "Delivered 2 outbox entries.\n"), result.stderr
    assert _statuses(migrated_cli) == ["done", "done"]


def test_admins_list_and_retry_failed_entries(migrated_cli):
    cli = migrated_cli

    def fail(session):
        session.add(OutboxEntry(event="attachments.added", ticket_id=7, payload={"attachment_ids": []},
                                status=OutboxStatus.failed, attempts=8, last_error="thumbnails: OSError: disk full"))
        session.commit()
    cli.query(fail)
    listing = cli.run("outbox", "list", "--status", "failed")
    assert listing.returncode == 0
    assert listing.stdout.splitlines()[0] == "pending: 0, done: 0, failed: 1"
    assert "attachments.added" in listing.stdout and "ticket 7" in listing.stdout
    assert "last error: thumbnails: OSError: disk full" in listing.stdout
    nothing = cli.run("outbox", "retry")
    assert nothing.returncode == 2 and "--all-failed" in nothing.stderr
    retried = cli.run("outbox", "retry", "--all-failed")
    assert (retried.returncode, retried.stdout) == (0, "1 failed entry will be delivered again.\n")
    assert _statuses(cli) == ["pending"]
    assert cli.run("worker", "--once").stdout == "Delivered 1 outbox entry.\n"
    assert _statuses(cli) == ["done"]


@pytest.mark.parametrize("args", [["outbox", "list", "--status", "lost"], ["outbox", "retry", "x"]])
def test_bad_arguments_get_a_usage_message(migrated_cli, args):
    result = migrated_cli.run(*args)
    assert result.returncode == 2 and "Traceback" not in result.stderr
