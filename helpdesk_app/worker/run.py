"""The worker's loop: deliver what is due, sleep a little when nothing is, stop cleanly on a signal."""

import fcntl
import logging
import os
import signal
import socket
import threading
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta

from helpdesk_app import db
from helpdesk_app.config import get_settings
from helpdesk_app.models import utcnow
from helpdesk_app.mailer.transport import from_settings
from helpdesk_app.services.mailing import batching, sending
from helpdesk_app.services.outbox import admin, delivery
from helpdesk_app.worker.consumers import consumers

logger = logging.getLogger("helpdesk_app.worker")
PURGE_EVERY = 3600.0  # seconds between dropping delivered entries older than HELPDESK_OUTBOX_KEEP_DAYS


class AlreadyRunning(Exception):
    pass


@contextmanager
def _only_worker_on_sqlite() -> Iterator[None]:
    """SQLite runs one worker: a second one for the same database is refused (PostgreSQL runs many)."""
    if db.get_engine().dialect.name != "sqlite":
        yield
        return
    settings = get_settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    path = settings.data_dir / "worker.lock"
    with path.open("w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise AlreadyRunning(f"another worker is running on this SQLite database ({path}); SQLite runs one") \
                from None
        yield


def delivery_settings() -> delivery.Settings:
    s = get_settings()
    worker = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"
    return delivery.Settings(worker=worker, lease=timedelta(seconds=s.worker_lease_seconds),
                             max_attempts=s.outbox_max_attempts)


def mail_settings(worker: str) -> sending.Settings:
    s = get_settings()
    return sending.Settings(worker=worker, lease=timedelta(seconds=s.worker_lease_seconds),
                            max_attempts=s.mail_max_attempts)


def _mail(mail: sending.Settings, transport) -> int:
    """Gather new notifications into mails, then send what is due; how much there was to do."""
    with db.new_session() as session:
        gathered = batching.gather(session, now=utcnow(), window=timedelta(seconds=get_settings().notify_batch_seconds))
    return gathered + sending.deliver_mail(db.new_session, transport, mail)


def run(stop: threading.Event, *, once: bool = False) -> int:
    """Deliver until `stop` is set (or, with `once`, until nothing is due). Returns outbox entries claimed
    (the mail it gathered and sent meanwhile is in the `mails` table)."""
    settings, handled, purged_at = delivery_settings(), 0, 0.0
    mail, transport = mail_settings(settings.worker), from_settings(get_settings())
    with _only_worker_on_sqlite():
        while not stop.is_set():
            try:
                claimed = delivery.deliver(db.new_session, consumers(), settings)
                mailed = _mail(mail, transport)
                if time.monotonic() - purged_at > PURGE_EVERY:
                    keep = timedelta(days=get_settings().outbox_keep_days)
                    with db.new_session() as session:
                        admin.purge_done(session, done_before=utcnow() - keep)
                    purged_at = time.monotonic()
            except Exception:  # the database is down, say: keep going, the entries wait in the outbox
                logger.exception("delivering the outbox failed; trying again shortly")
                claimed = mailed = 0
                if once:
                    raise
            handled += claimed
            if claimed == 0 and mailed == 0:
                if once:
                    break
                stop.wait(get_settings().worker_poll_seconds)
    return handled


def run_until_signalled() -> int:
    """The CLI's `worker`: SIGTERM or Ctrl+C ends it after the delivery at hand."""
    stop = threading.Event()
    for sig in (signal.SIGTERM, signal.SIGINT):
        signal.signal(sig, lambda *_: stop.set())
    logger.info("worker started")
    return run(stop)
