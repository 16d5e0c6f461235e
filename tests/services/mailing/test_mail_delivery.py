"""Notification mail end to end below the worker loop: gathered, rendered, sent to a real SMTP server
(aiosmtpd), retried, failed; the batching window; order per ticket; the headers the threading needs."""

from datetime import timedelta

import pytest
from sqlmodel import Session, select

from helpdesk_app.mailer.transport import SmtpTransport
from helpdesk_app.models import Mail, MailStatus, Notification, Reply, Role, TicketUpdate, utcnow
from helpdesk_app.services import tickets
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.mailing import admin, batching, sending
from helpdesk_app.services.watchers import watching
from tests.smtp_server import free_port

SETTINGS = sending.Settings(worker="test-worker", max_attempts=3)


@pytest.fixture
def ticket(db, make_ticket, customer, agent):
    ticket = make_ticket(requester=customer, subject="Printer <b>on fire</b>", assignee=agent)
    db.exec(Notification.__table__.delete())  # the receipt of its opening
    db.commit()
    return ticket


def _run(db, sink_port: int, *, window: int = 60, now=None) -> int:
    batching.gather(db, now=now or utcnow(), window=timedelta(seconds=window))
    return sending.deliver_mail(lambda: Session(db.get_bind(), expire_on_commit=False),
                                SmtpTransport("127.0.0.1", sink_port, timeout=5), SETTINGS)


def _to(sink, address):
    return [m for m in sink.messages if m["To"].addresses[0].addr_spec == address]


def test_a_public_reply_is_mailed_to_the_requester_with_the_thread_headers(db, smtp_sink, ticket, agent, customer):
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Unplug it <script>alert(1)</script> now")
    assert _run(db, smtp_sink.port) == 1
    [msg] = _to(smtp_sink, customer.email)
    assert msg["Subject"] == f"[#{ticket.number}] Printer <b>on fire</b>"
    assert msg["In-Reply-To"] == msg["References"] == f"<hd-ticket-{ticket.id}@localhost>"
    assert msg["Message-ID"].startswith("<hd-") and msg["Auto-Submitted"] == "auto-generated"
    assert msg["Reply-To"] == "helpdesk@localhost" and msg["List-Unsubscribe"] is None  # customers: no list header
    html = msg.get_body(("html",)).get_content()
    assert "<script>" not in html and "&lt;script&gt;" in html and "&lt;b&gt;on fire" in html
    text = msg.get_body(("plain",)).get_content()
    assert "Unplug it <script>alert(1)</script> now" in text and f"/tickets/{ticket.id}" in text
    mail = db.exec(select(Mail)).one()
    assert mail.status == MailStatus.sent and f"<{mail.message_id}>" == msg["Message-ID"]


def test_agents_get_list_unsubscribe_and_notes(db, smtp_sink, ticket, agent, customer):
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="Any news?")
    _run(db, smtp_sink.port)
    [msg] = _to(smtp_sink, agent.email)
    assert msg["List-Unsubscribe"] == "<http://127.0.0.1:3000/preferences>"
    assert _to(smtp_sink, customer.email) == []  # their own reply


def test_events_within_the_window_go_out_as_one_mail(db, smtp_sink, ticket, agent, customer):
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="First")
    _run(db, smtp_sink.port)
    for body in ("Second", "Third"):
        replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=body)
        _run(db, smtp_sink.port)
    assert len(_to(smtp_sink, customer.email)) == 1  # the rest wait for the window
    later = utcnow() + timedelta(seconds=61)
    waiting = db.exec(select(Mail).where(Mail.status == MailStatus.pending)).one()
    waiting.available_at = utcnow()  # as if the window had passed
    db.add(waiting)
    db.commit()
    _run(db, smtp_sink.port, now=later)
    mails = _to(smtp_sink, customer.email)
    assert len(mails) == 2
    text = mails[1].get_body(("plain",)).get_content()
    assert "Second" in text and "Third" in text and "First" not in text


def test_a_server_that_is_down_loses_nothing_and_keeps_the_order(db, smtp_sink, ticket, agent, customer):
    down = free_port()
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="One")
    _run(db, down, window=0)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Two")
    _run(db, down, window=0)
    mails = db.exec(select(Mail).order_by(Mail.id)).all()
    assert [m.status for m in mails] == [MailStatus.pending] * len(mails)
    assert "cannot reach" in mails[0].last_error
    for m in mails:  # the backoff has passed
        m.available_at = utcnow()
        db.add(m)
    db.commit()
    while _run(db, smtp_sink.port, window=0):
        pass
    bodies = [m.get_body(("plain",)).get_content() for m in _to(smtp_sink, customer.email)]
    assert len(bodies) == 2 and "One" in bodies[0] and "Two" in bodies[1]


def test_a_permanent_refusal_fails_that_mail_only_and_admins_can_retry(db, smtp_sink, ticket, agent, customer):
    smtp_sink.refuse = {customer.email: 550}
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="For the agent")  # tells the agent
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="For the customer")
    _run(db, smtp_sink.port)
    by_address = {m.to_address: m for m in db.exec(select(Mail)).all()}
    assert by_address[customer.email].status == MailStatus.failed
    assert by_address[customer.email].last_error.startswith("permanent: 550")
    assert by_address[agent.email].status == MailStatus.sent
    smtp_sink.refuse = {}
    assert admin.retry_mails(db) == 1
    _run(db, smtp_sink.port)
    assert len(_to(smtp_sink, customer.email)) == 1


def test_temporary_failures_give_up_after_the_last_attempt(db, ticket, agent, customer):
    down = free_port()
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Hello")
    for _ in range(SETTINGS.max_attempts):
        for m in db.exec(select(Mail)).all():
            m.available_at = utcnow()
            db.add(m)
        db.commit()
        _run(db, down)
    db.expire_all()
    mail = db.exec(select(Mail)).one()
    assert mail.status == MailStatus.failed and mail.attempts == SETTINGS.max_attempts


def test_a_malformed_address_fails_the_mail_never_the_reply(db, smtp_sink, ticket, agent, customer):
    customer.email = "broken@@example"
    db.add(customer)
    db.commit()
    reply = replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Hello")
    _run(db, smtp_sink.port)
    mail = db.exec(select(Mail)).one()
    assert mail.status == MailStatus.failed and "BadAddress" in mail.last_error
    assert db.get(Reply, reply.id) is not None and smtp_sink.messages == []


def test_a_template_error_is_a_failed_mail_with_its_reason(db, smtp_sink, ticket, agent, customer, monkeypatch):
    import jinja2

    from helpdesk_app.services.mailing import render
    broken = jinja2.Environment(loader=jinja2.DictLoader({"notification.txt": "{{ nothing.here }}",
                                                          "notification.html": ""}),
                                undefined=jinja2.StrictUndefined)
    monkeypatch.setattr(render, "_ENV", broken)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Hello")
    _run(db, smtp_sink.port)
    mail = db.exec(select(Mail)).one()
    assert mail.status == MailStatus.failed and "template notification" in mail.last_error


def test_an_inactive_recipient_gets_no_mail(db, smtp_sink, ticket, agent):
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(status="resolved"))
    requester = db.get(type(agent), ticket.requester_id)
    requester.is_active = False
    db.add(requester)
    db.commit()
    _run(db, smtp_sink.port)
    assert smtp_sink.messages == []


def test_two_workers_never_claim_one_mail(db, make_user, ticket, agent):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite runs one worker (worker/run.py refuses a second)")
    for _ in range(30):
        user, _ = make_user(role=Role.agent)
        watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=user.id)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="To all")
    batching.gather(db, now=utcnow(), window=timedelta(0))
    import threading
    claimed: list[list[int]] = [[], []]

    def work(i):
        with Session(db.get_bind()) as s:
            claimed[i] = sending.claim(s, sending.Settings(worker=f"w{i}", batch=20))
    threads = [threading.Thread(target=work, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not set(claimed[0]) & set(claimed[1]) and len(claimed[0]) + len(claimed[1]) == 31  # and the requester
