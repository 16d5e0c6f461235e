"""The worker as a real process sending mail to a real SMTP server (aiosmtpd): a reply's mail arrives
within seconds; a worker killed mid-batch and started again loses nothing and sends again only what
the server accepted before it was marked sent (the same Message-ID)."""

import os
import signal
import subprocess
import sys
import time
from collections import Counter

from sqlmodel import select

from helpdesk_app.models import Mail, MailStatus, Role, TicketCreate, User
from helpdesk_app.services import tickets
from helpdesk_app.services.conversation import replies
from tests.cli.conftest import ROOT


def _people(session, watchers: int = 0):
    customer = User(email="carla@example.com", name="Carla", role=Role.customer, password_hash="x")
    agent = User(email="alex@example.com", name="Alex", role=Role.agent, password_hash="x")
    others = [User(email=f"w{i}@example.com", name=f"W{i}", role=Role.agent, password_hash="x")
              for i in range(watchers)]
    session.add_all([customer, agent, *others])
    session.commit()
    return customer, agent, others


def _worker(cli, sink, **extra) -> subprocess.Popen:
    env = {**cli.env, "HELPDESK_WORKER_POLL_SECONDS": "0.2", "HELPDESK_SMTP_HOST": "127.0.0.1",
           "HELPDESK_SMTP_PORT": str(sink.port), "HELPDESK_SMTP_TIMEOUT_SECONDS": "5", **extra}
    return subprocess.Popen([sys.executable, "-m", "helpdesk_app", "worker"], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, start_new_session=True)


def _stop(worker: subprocess.Popen, sig=signal.SIGTERM) -> None:
    os.killpg(worker.pid, sig)
    worker.wait(timeout=20)


def test_a_reply_reaches_the_requesters_inbox_within_seconds(migrated_cli, smtp_sink):
    cli = migrated_cli
    worker = _worker(cli, smtp_sink, HELPDESK_NOTIFY_BATCH_SECONDS="0")  # the receipt and the reply both at once
    try:
        def reply(session):
            customer, agent, _ = _people(session)
            ticket = tickets.create_ticket(session, actor=agent, data=TicketCreate(
                subject="Your order", description="x", requester_id=customer.id))
            started = time.monotonic()
            replies.add_reply(session, actor=agent, ticket_id=ticket.id, body="It shipped today.")
            return started, ticket.number
        started, number = cli.query(reply)

        def bodies():
            return [m.get_body(("plain",)).get_content() for m in smtp_sink.messages]
        deadline = time.monotonic() + 15
        while not any("It shipped today." in b for b in bodies()) and time.monotonic() < deadline:
            time.sleep(0.02)
        took = time.monotonic() - started
        assert any("It shipped today." in b for b in bodies())  # with the receipt, or after it
        assert {m["Subject"] for m in smtp_sink.messages} == {f"[#{number}] Your order"}
        assert took < 5, f"the reply took {took:.1f} s to reach the inbox"
    finally:
        _stop(worker)


def test_a_worker_killed_mid_batch_loses_nothing(migrated_cli, smtp_sink):
    cli = migrated_cli

    def many(session):
        customer, agent, others = _people(session, watchers=24)
        ticket = tickets.create_ticket(session, actor=customer, data=TicketCreate(subject="Outage", description="x"))
        for w in others:
            from helpdesk_app.services.watchers import watching
            watching.add_watcher(session, actor=agent, ticket_id=ticket.id, user_id=w.id)
        replies.add_reply(session, actor=customer, ticket_id=ticket.id, body="Everything is down")
    cli.query(many)
    smtp_sink.delay = 0.15  # each mail takes a while: the kill lands mid-batch
    worker = _worker(cli, smtp_sink, HELPDESK_WORKER_LEASE_SECONDS="10")
    smtp_sink.wait_for(5, timeout=20)
    _stop(worker, signal.SIGKILL)
    time.sleep(0.5)  # a mail whose data was sent just before the kill is still being accepted
    accepted_before = len(smtp_sink.messages)
    smtp_sink.delay = 0
    worker = _worker(cli, smtp_sink, HELPDESK_WORKER_LEASE_SECONDS="10")
    try:
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            statuses = cli.query(lambda s: [m.status for m in s.exec(select(Mail)).all()])
            if statuses and all(st == MailStatus.sent for st in statuses):
                break
            time.sleep(0.3)
        mails = cli.query(lambda s: {f"<{m.message_id}>": m.status for m in s.exec(select(Mail)).all()})
        assert set(mails.values()) == {MailStatus.sent}
        received = Counter(m["Message-ID"] for m in smtp_sink.messages)
        assert set(received) == set(mails)  # every mail arrived
        duplicates = sum(n - 1 for n in received.values())
        assert duplicates <= accepted_before  # only those accepted before the kill came twice
    finally:
        _stop(worker)


def test_mail_list_and_retry(migrated_cli):
    cli = migrated_cli

    def failed(session):
        customer, _, _ = _people(session)
        session.add(Mail(kind="verify_email", user_id=customer.id, to_address=customer.email,
                         message_id="hd-x@localhost", status=MailStatus.failed, attempts=10,
                         last_error="temporary: cannot reach"))
        session.commit()
    cli.query(failed)
    listed = cli.run("mail", "list", "--status", "failed")
    assert listed.returncode == 0 and "failed: 1" in listed.stdout and "cannot reach" in listed.stdout
    assert cli.run("mail", "retry").returncode == 2
    retried = cli.run("mail", "retry", "--all-failed")
    assert retried.returncode == 0 and "1 failed mail will be sent again" in retried.stdout
    assert cli.query(lambda s: s.exec(select(Mail)).one().status) == MailStatus.pending
