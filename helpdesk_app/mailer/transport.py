"""Handing messages over: SMTP (one connection per batch) or, with no SMTP host, .eml files.

Each message gets an Outcome: sent; temporary (a 4xx, the server down, refused or slow: try again
later); permanent (a 5xx for that recipient: trying again will not help). A permanent refusal of
one recipient does not stop the others; a lost connection makes the rest of the batch temporary.
"""

import contextlib
import os
import re
import smtplib
import ssl
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from email.message import Message
from email.utils import parseaddr
from pathlib import Path
from typing import Protocol

from helpdesk_app.models import utcnow


@dataclass(frozen=True)
class Outcome:
    status: str  # sent | temporary | permanent
    detail: str = ""


class Transport(Protocol):
    name: str

    def send(self, messages: Sequence[Message]) -> list[Outcome]: ...


def _code_outcome(code: int, text) -> Outcome:
    detail = f"{code} {text.decode(errors='replace') if isinstance(text, bytes) else text}"[:500]
    return Outcome("permanent" if 500 <= code < 600 else "temporary", detail)


class SmtpTransport:
    name = "smtp"

    def __init__(self, host: str, port: int = 0, *, security: str = "none", user: str = "", password: str = "",
                 timeout: float = 20.0, ssl_context: ssl.SSLContext | None = None):
        self.host, self.security, self.user, self.password, self.timeout = host, security, user, password, timeout
        self.port = port or {"tls": 465, "starttls": 587}.get(security, 25)
        self.context = ssl_context or ssl.create_default_context()

    def _connect(self) -> smtplib.SMTP:
        if self.security == "tls":
            smtp = smtplib.SMTP_SSL(self.host, self.port, timeout=self.timeout, context=self.context)
        else:
            smtp = smtplib.SMTP(self.host, self.port, timeout=self.timeout)
            if self.security == "starttls":
                smtp.starttls(context=self.context)
        if self.user:
            smtp.login(self.user, self.password)
        return smtp

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        outcomes: list[Outcome] = []
        try:
            smtp = self._connect()
        except smtplib.SMTPAuthenticationError as e:
            return [Outcome("temporary", f"login failed ({e.smtp_code}): check HELPDESK_SMTP_USER and _PASSWORD")
                    for _ in messages]
        except (OSError, smtplib.SMTPException) as e:  # refused, DNS, timeout, TLS, a 4xx/5xx greeting
            return [Outcome("temporary", f"cannot reach {self.host}:{self.port}: {type(e).__name__}: {e}"[:500])
                    for _ in messages]
        try:
            for msg in messages:
                if len(outcomes) < len(messages) and outcomes and outcomes[-1].detail.startswith("connection lost"):
                    outcomes.append(outcomes[-1])
                    continue
                outcomes.append(self._one(smtp, msg))
        finally:
            try:
                smtp.quit()
            except (OSError, smtplib.SMTPException):
                smtp.close()
        return outcomes

    @staticmethod
    def _one(smtp: smtplib.SMTP, msg: Message) -> Outcome:
        to = parseaddr(msg["To"])[1]
        try:
            refused = smtp.send_message(msg, to_addrs=[to])
        except smtplib.SMTPRecipientsRefused as e:
            code, text = e.recipients.get(to, (550, b"refused"))
            outcome = _code_outcome(code, text)
        except (smtplib.SMTPSenderRefused, smtplib.SMTPDataError) as e:
            outcome = _code_outcome(e.smtp_code, e.smtp_error)
        except (smtplib.SMTPServerDisconnected, OSError) as e:  # timeouts are OSErrors
            return Outcome("temporary", f"connection lost: {type(e).__name__}: {e}"[:500])
        except smtplib.SMTPResponseException as e:
            outcome = _code_outcome(e.smtp_code, e.smtp_error)
        else:
            return _code_outcome(*refused[to]) if to in refused else Outcome("sent")
        with contextlib.suppress(smtplib.SMTPException, OSError):
            smtp.rset()  # the next message starts a clean transaction
        return outcome


class FileTransport:
    """The default without an SMTP server: each message an .eml file a new user can open and read."""

    name = "files"

    def __init__(self, directory: Path):
        self.directory = Path(directory)

    def send(self, messages: Sequence[Message]) -> list[Outcome]:
        outcomes = []
        for msg in messages:
            safe = re.sub(r"[^A-Za-z0-9._-]", "_", (msg["Message-ID"] or "no-id").strip("<>"))[:150]
            try:
                self.directory.mkdir(parents=True, exist_ok=True)
                for old in self.directory.glob(f"*-{safe}.eml"):  # sent again: the same file, not another
                    old.unlink(missing_ok=True)
                fd, tmp = tempfile.mkstemp(dir=self.directory, suffix=".tmp")
                with os.fdopen(fd, "wb") as out:
                    out.write(msg.as_bytes())
                os.replace(tmp, self.directory / f"{utcnow():%Y%m%dT%H%M%S}-{safe}.eml")
                outcomes.append(Outcome("sent"))
            except OSError as e:
                outcomes.append(Outcome("temporary", f"cannot write to {self.directory}: {e}"[:500]))
        return outcomes


def from_settings(settings) -> Transport:
    if settings.smtp_host:
        return SmtpTransport(settings.smtp_host, settings.smtp_port, security=settings.smtp_security,
                             user=settings.smtp_user, password=settings.smtp_password,
                             timeout=settings.smtp_timeout_seconds)
    return FileTransport(settings.outgoing_mail_dir)
