"""One outgoing message, built so that nothing a user typed can add a header or a recipient.

Names, subjects and header values lose every control character (CR and LF above all: "\\r\\nBcc:"
stays text on one line); addresses are checked strictly and refused (BadAddress) rather than mended.
"""

import re
from dataclasses import dataclass
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime, formataddr

from helpdesk_app.models import utcnow

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}"
_ADDRESS = re.compile(rf"^{_LOCAL}@(localhost|[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+)$")
_MESSAGE_ID = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,160}@[A-Za-z0-9.-]{1,100}$")


class BadAddress(ValueError):
    """An address (or Message-ID) that cannot go into a header as it is."""


@dataclass(frozen=True)
class OutgoingMail:
    to_address: str
    to_name: str
    subject: str
    text: str
    html: str | None
    message_id: str  # without the angle brackets
    in_reply_to: str | None
    references: tuple[str, ...]
    reply_to: str | None
    headers: tuple[tuple[str, str], ...]  # Auto-Submitted, List-Unsubscribe, ...
    from_address: str
    from_name: str


def one_line(value: str) -> str:
    return _CONTROL.sub(" ", value or "").strip()


def checked_address(address: str) -> str:
    if not isinstance(address, str) or len(address) > 254 or not _ADDRESS.match(address) or ".." in address:
        raise BadAddress(f"not a deliverable address: {address!r}"[:300])
    return address


def _checked_id(message_id: str) -> str:
    if not _MESSAGE_ID.match(message_id or ""):
        raise BadAddress(f"not a Message-ID: {message_id!r}"[:300])
    return f"<{message_id}>"


def build(mail: OutgoingMail) -> EmailMessage:
    msg = EmailMessage(policy=SMTP)
    msg["From"] = formataddr((one_line(mail.from_name), checked_address(mail.from_address)))
    msg["To"] = formataddr((one_line(mail.to_name), checked_address(mail.to_address)))
    if mail.reply_to:
        msg["Reply-To"] = checked_address(mail.reply_to)
    msg["Subject"] = one_line(mail.subject)
    msg["Date"] = format_datetime(utcnow())
    msg["Message-ID"] = _checked_id(mail.message_id)
    if mail.in_reply_to:
        msg["In-Reply-To"] = _checked_id(mail.in_reply_to)
    if mail.references:
        msg["References"] = " ".join(_checked_id(r) for r in mail.references)
    for name, value in mail.headers:
        msg[one_line(name)] = one_line(value)
    msg.set_content(mail.text, subtype="plain", charset="utf-8")
    if mail.html is not None:
        msg.add_alternative(mail.html, subtype="html", charset="utf-8")
    return msg
