"""A real SMTP server for the tests (aiosmtpd, in this process, on a free port): it keeps what it is
sent, and can refuse chosen recipients with a given code, answer slowly, or require a login."""

import socket
import time
import warnings
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class _Handler:
    def __init__(self, sink: "SmtpSink"):
        self.sink = sink

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        code = self.sink.refuse.get(address)
        if code:
            return f"{code} {'5.1.1 no such user' if code >= 500 else '4.3.0 try again later'}"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.sink.delay:
            time.sleep(self.sink.delay)  # blocks the server's loop: a slow server, as the client sees it
        msg = message_from_bytes(envelope.content, policy=policy.default)
        self.sink.messages.append(msg)
        self.sink.envelopes.append(list(envelope.rcpt_tos))
        return "250 Message accepted"

    async def handle_EHLO(self, server, session, envelope, hostname, responses):
        self.sink.connections += 1
        session.host_name = hostname
        return responses


class SmtpSink:
    def __init__(self, *, user: str | None = None, password: str | None = None):
        self.port = free_port()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[list[str]] = []
        self.refuse: dict[str, int] = {}
        self.delay = 0.0
        self.connections = 0
        kwargs = {}
        if user:
            def authenticate(server, session, envelope, mechanism, auth_data):
                ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user \
                    and auth_data.password.decode() == password
                return AuthResult(success=ok, handled=False)
            # Plain-text AUTH on 127.0.0.1 only: the warning aiosmtpd gives for it is about real networks.
            kwargs = {"authenticator": authenticate, "auth_require_tls": False, "auth_required": True}
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", UserWarning)
            self.controller = Controller(_Handler(self), hostname="127.0.0.1", port=self.port, **kwargs)

    def start(self) -> "SmtpSink":
        self.controller.start()
        return self

    def stop(self) -> None:
        self.controller.stop()

    def wait_for(self, count: int, timeout: float = 10.0) -> list[EmailMessage]:
        deadline = time.monotonic() + timeout
        while len(self.messages) < count and time.monotonic() < deadline:
            time.sleep(0.02)
        return self.messages
