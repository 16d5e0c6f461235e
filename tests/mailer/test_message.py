"""Building a message (mailer.message): what a user typed never becomes a header or a recipient."""

from email import message_from_bytes, policy

import pytest

from helpdesk_app.mailer.message import BadAddress, OutgoingMail, build


def _mail(**changes) -> OutgoingMail:
    values = dict(to_address="carla@example.com", to_name="Carla", subject="[#1001] Printer", text="Hello",
                  html="<p>Hello</p>", message_id="hd-abc@example.org", in_reply_to="hd-ticket-1@example.org",
                  references=("hd-ticket-1@example.org",), reply_to="help@example.org",
                  headers=(("Auto-Submitted", "auto-generated"),), from_address="help@example.org",
                  from_name="Help desk")
    return OutgoingMail(**(values | changes))


def _wire(mail: OutgoingMail):
    """The message as a mail client reads it from the bytes sent."""
    return message_from_bytes(build(mail).as_bytes(), policy=policy.default)


def test_the_headers_are_all_there():
    msg = _wire(_mail())
    assert msg["Subject"] == "[#1001] Printer" and msg["Message-ID"] == "<hd-abc@example.org>"
    assert msg["In-Reply-To"] == msg["References"] == "<hd-ticket-1@example.org>"
    assert msg["Reply-To"] == "help@example.org" and msg["Auto-Submitted"] == "auto-generated"
    assert msg.get_body(("plain",)).get_content().strip() == "Hello"
    assert msg.get_body(("html",)).get_content().strip() == "<p>Hello</p>"
    assert msg["MIME-Version"] == "1.0" and msg.get_content_type() == "multipart/alternative"


def test_without_html_it_is_plain_text():
    msg = _wire(_mail(html=None, text="Only text, ünïcode"))
    assert msg.get_content_type() == "text/plain" and msg.get_content().strip() == "Only text, ünïcode"


def test_a_long_subject_is_folded_and_reads_back_whole():
    subject = "[#1001] " + " ".join(["Drucker"] * 40) + " Ärger"
    raw = build(_mail(subject=subject)).as_bytes()
    assert max(len(line) for line in raw.split(b"\n")) <= 998
    assert message_from_bytes(raw, policy=policy.default)["Subject"] == subject


@pytest.mark.parametrize("field", ["subject", "to_name", "from_name"])
def test_a_header_injection_stays_text_on_one_line(field):
    msg = build(_mail(**{field: "Hi\r\nBcc: victim@example.com\r\n\r\nbody"}))
    raw = msg.as_bytes()
    assert b"\r\nBcc:" not in raw and msg["Bcc"] is None
    assert all("\n" not in str(v) for v in msg.values())


@pytest.mark.parametrize("address", ["", "no-at-sign", "a@b", "a b@example.com", "a@example.com\r\nBcc: x@y.z",
                                     "a@example.com, b@example.com", "<a@example.com>", "a@@example.com",
                                     "x" * 250 + "@example.com", "a@exa mple.com", "a..b@example.com"])
def test_a_malformed_recipient_is_refused(address):
    with pytest.raises(BadAddress):
        build(_mail(to_address=address))


def test_a_bad_message_id_is_refused():
    with pytest.raises(BadAddress):
        build(_mail(message_id="x\r\nBcc: y@z.org"))


def test_non_ascii_names_and_subjects_round_trip():
    parsed = _wire(_mail(subject="Rückerstattung für Bestellung 回复", to_name="Zoë Ørsted"))
    assert parsed["Subject"] == "Rückerstattung für Bestellung 回复"
    assert parsed["To"].addresses[0].display_name == "Zoë Ørsted"
