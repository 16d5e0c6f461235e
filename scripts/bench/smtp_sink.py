"""A local SMTP server for the notification benchmark (aiosmtpd), in its own process so it takes no CPU
from the process measured. It prints its port, then `<time.time()> <Subject>` per message as it arrives.
It does not parse the messages (the tests' SmtpSink does): it reads only the Subject line, so it is not
what limits the rate measured.

  .venv/bin/python -m scripts.bench.smtp_sink
"""

import re
import socket
import sys
import threading
import time

from aiosmtpd.controller import Controller

SUBJECT = re.compile(rb"^Subject: ?(.*)$", re.MULTILINE | re.IGNORECASE)


class _Handler:
    async def handle_DATA(self, server, session, envelope):
        found = SUBJECT.search(envelope.content)
        subject = found[1].decode("utf-8", "replace").strip() if found else ""
        print(f"{time.time():.6f} {subject}", flush=True)
        return "250 Message accepted"


def main() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    controller = Controller(_Handler(), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    try:
        threading.Event().wait()
    except (KeyboardInterrupt, BrokenPipeError):
        pass
    finally:
        controller.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
