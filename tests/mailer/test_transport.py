"""Handing messages to a real SMTP server (aiosmtpd) and to .eml files (mailer.transport)."""

import time
from email import message_from_bytes, policy

from helpdesk_app.mailer.message import OutgoingMail, build
from helpdesk_app.mailer.transport import FileTransport, SmtpTransport
from tests.smtp_server import SmtpSink, free_port


def _msg(to: str, n: int = 1):
    return build(OutgoingMail(to_address=to, to_name="", subject=f"Mail {n}", text="Hi", html=None,
                              message_id=f"hd-{n}@example.org", in_reply_to=None, references=(), reply_to=None,
                              headers=(), from_address="help@example.org", from_name="Help"))


def test_a_batch_goes_on_one_connection(smtp_sink):
    transport = SmtpTransport("127.0.0.1", smtp_sink.port, timeout=5)
    outcomes = transport.send([_msg(f"u{i}@example.com", i) for i in range(3)])
    assert [o.status for o in outcomes] == ["sent"] * 3
    assert [m["Subject"] for m in smtp_sink.messages] == ["Mail 0", "Mail 1", "Mail 2"]
    assert smtp_sink.connections == 1


def test_a_refused_recipient_does_not_stop_the_others(smtp_sink):
    smtp_sink.refuse = {"gone@example.com": 550, "busy@example.com": 451}
    outcomes = SmtpTransport("127.0.0.1", smtp_sink.port, timeout=5).send(
        [_msg("a@example.com", 1), _msg("gone@example.com", 2), _msg("busy@example.com", 3), _msg("b@example.com", 4)])
    assert [o.status for o in outcomes] == ["sent", "permanent", "temporary", "sent"]
    assert outcomes[1].detail.startswith("550") and outcomes[2].detail.startswith("451")
    assert smtp_sink.envelopes == [["a@example.com"], ["b@example.com"]]


def test_a_server_that_is_down_makes_every_mail_temporary_at_once():
    started = time.monotonic()
    outcomes = SmtpTransport("127.0.0.1", free_port(), timeout=5).send([_msg("a@example.com"), _msg("b@example.com")])
    assert [o.status for o in outcomes] == ["temporary", "temporary"]
    assert "cannot reach" in outcomes[0].detail and time.monotonic() - started < 2


def test_a_slow_server_is_a_temporary_failure(smtp_sink):
    smtp_sink.delay = 1.5
    outcomes = SmtpTransport("127.0.0.1", smtp_sink.port, timeout=0.5).send([_msg("a@example.com")])
    assert outcomes[0].status == "temporary"


def test_it_signs_in_when_told_to():
    sink = SmtpSink(user="mailer", password="s3cret").start()
    try:
        wrong = SmtpTransport("127.0.0.1", sink.port, user="mailer", password="nope", timeout=5).send(
            [_msg("a@x.org")])
        assert wrong[0].status == "temporary" and "login failed" in wrong[0].detail and "nope" not in wrong[0].detail
        right = SmtpTransport("127.0.0.1", sink.port, user="mailer", password="s3cret", timeout=5).send(
            [_msg("a@x.org")])
        assert right[0].status == "sent" and len(sink.messages) == 1
    finally:
        sink.stop()


def test_without_smtp_each_mail_is_an_eml_file_and_a_resend_replaces_it(tmp_path):
    transport = FileTransport(tmp_path / "outgoing-mail")
    assert [o.status for o in transport.send([_msg("a@example.com", 1), _msg("b@example.com", 2)])] == ["sent"] * 2
    assert transport.send([_msg("a@example.com", 1)])[0].status == "sent"
    files = sorted((tmp_path / "outgoing-mail").glob("*.eml"))
    assert len(files) == 2
    parsed = message_from_bytes(files[0].read_bytes(), policy=policy.default)
    assert parsed["Message-ID"] in ("<hd-1@example.org>", "<hd-2@example.org>")
