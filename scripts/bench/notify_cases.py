"""The notification benchmark's cases (scripts/bench/notifications.py runs them), in this process, against
the migrated database that HELPDESK_DATABASE_URL / HELPDESK_DATA_DIR name. Each case makes its own tickets."""

import random
import secrets
import smtplib
import subprocess
import sys
import time
from datetime import timedelta

from sqlalchemy import insert, update
from sqlmodel import select

from helpdesk_app import db
from helpdesk_app.mailer.message import build
from helpdesk_app.mailer.transport import SmtpTransport
from helpdesk_app.models import (EmailState, Mail, MailStatus, Notification, NotificationKind, Role, TicketCreate,
                                 TicketWatcher, User, utcnow)
from helpdesk_app.services import tickets
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.identity.passwords import hash_password
from helpdesk_app.services.mailing import batching, sending
from helpdesk_app.services.mailing.render import prefetch, render
from helpdesk_app.services.notifications import inbox
from scripts.bench.measure import Result, timed
from scripts.bench.setup import ROOT

def people(agents: int) -> tuple[int, list[int]]:
    """A customer and `agents` agents, verified, inserted directly (one password hash for all)."""
    pw, tag = hash_password(secrets.token_urlsafe(12)), secrets.token_hex(3)
    with db.new_session() as s:
        customer = User(email=f"bench-customer-{tag}@example.com", name="Bench Customer", role=Role.customer,
                        password_hash=pw, email_verified_at=utcnow())
        staff = [User(email=f"bench-agent{i}-{tag}@example.com", name=f"Agent {i}", role=Role.agent,
                      password_hash=pw, email_verified_at=utcnow()) for i in range(agents)]
        s.add_all([customer, *staff])
        s.commit()
        return customer.id, [a.id for a in staff]


def ticket_with_watchers(customer_id: int, watcher_ids: list[int], subject: str) -> int:
    with db.new_session() as s:
        ticket = tickets.create_ticket(s, actor=s.get(User, customer_id),
                                       data=TicketCreate(subject=subject, description="Benchmark ticket."))
        s.add_all([TicketWatcher(ticket_id=ticket.id, user_id=u) for u in watcher_ids])
        s.commit()
        return ticket.id


def quiet() -> None:
    """Nothing waits to be mailed: what earlier cases queued is set aside."""
    with db.new_session() as s:
        s.execute(update(Notification).where(Notification.email_state == EmailState.pending)
                  .values(email_state=EmailState.none))
        s.execute(update(Mail).where(Mail.status == MailStatus.pending).values(status=MailStatus.sent))
        s.commit()


def reply(actor_id: int, ticket_id: int, body: str) -> float:
    """One public reply through the use case (it commits); milliseconds, the session's opening not counted."""
    with db.new_session() as s:
        actor = s.get(User, actor_id)
        started = time.perf_counter()
        replies.add_reply(s, actor=actor, ticket_id=ticket_id, body=body)
        return (time.perf_counter() - started) * 1000


def reply_commit(customer_id: int, agent_ids: list[int], warmup: int, requests: int) -> list[Result]:
    """The same agent replies, alternately, on a ticket nobody watches and on one that 50 agents watch."""
    alone = ticket_with_watchers(customer_id, [], "No watchers")
    crowded = ticket_with_watchers(customer_id, agent_ids[1:51], "Fifty watchers")
    samples: dict[int, list[float]] = {alone: [], crowded: []}
    for i in range(warmup + requests):
        for ticket_id in (alone, crowded):
            took = reply(agent_ids[0], ticket_id, f"Answer number {i}.")
            if i >= warmup:
                samples[ticket_id].append(took)
    return [
        Result("Public reply, no watchers (baseline)", samples[alone], baseline=True,
               note="the reply, its history event, the requester's notification; one commit"),
        Result("Public reply, 50 watchers", samples[crowded], target_ms=20,
               note="plus 50 watchers' notifications (one executemany) and their outbox event"),
    ]


def _drain(transport, settings) -> int:
    sent = 0
    while True:
        with db.new_session() as s:
            gathered = batching.gather(s, now=utcnow(), window=timedelta(seconds=60))
        claimed = sending.deliver_mail(db.new_session, transport, settings)
        sent += claimed
        if gathered == 0 and claimed == 0:
            return sent


def throughput(port: int, customer_id: int, agent_ids: list[int], mails: int) -> dict:
    """Ours: the worker's mail step (gather notifications into mails, render, send, mark sent) until all are
    out. Baseline: smtplib sending as many copies of one of our messages over one connection."""
    watchers = agent_ids[1:51]
    ids = [ticket_with_watchers(customer_id, watchers, f"Throughput {i}") for i in range(mails // len(watchers))]
    quiet()
    for ticket_id in ids:  # every watcher hears of it: one mail per (agent, ticket)
        reply(customer_id, ticket_id, "A customer's reply every watcher hears of.")
    transport, settings = SmtpTransport("127.0.0.1", port, timeout=30), sending.Settings(worker="bench")
    started = time.perf_counter()
    sent = _drain(transport, settings)
    ours = time.perf_counter() - started
    with db.new_session() as s:
        done = len(s.exec(select(Mail.id).where(Mail.status == MailStatus.sent, Mail.ticket_id.in_(ids))).all())
        first = s.exec(select(Mail).where(Mail.ticket_id == ids[0])).first()
        sample = build(render(s, first, prefetch(s, [first]).told[first.id]))
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, timeout=30) as smtp:
        for _ in range(sent):
            smtp.send_message(sample)
    bare = time.perf_counter() - started
    return {"mails": sent, "sent_ok": done, "ours_per_s": sent / ours, "bare_per_s": sent / bare,
            "size": len(sample.as_bytes())}


def inbox_latency(env: dict, port: int, arrivals: dict, customer_id: int, agent_id: int, samples: int) -> Result:
    """A customer's reply on a ticket one agent watches, with the real worker process running: from the
    reply's commit to the agent's mail reaching the SMTP server."""
    names = [f"Latency-{i:04d}" for i in range(samples)]
    ids = [ticket_with_watchers(customer_id, [agent_id], name) for name in names]
    quiet()
    worker_env = {**env, "HELPDESK_SMTP_HOST": "127.0.0.1", "HELPDESK_SMTP_PORT": str(port),
                  "HELPDESK_SMTP_SECURITY": "none"}
    worker = subprocess.Popen([sys.executable, "-m", "helpdesk_app", "worker"], cwd=ROOT, env=worker_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(3)  # started and idle
        took = []
        pause = random.Random(13)
        for name, ticket_id in zip(names, ids, strict=True):
            # A reply lands anywhere in the idle worker's poll, not just after its last send.
            time.sleep(pause.uniform(0, 1.2))
            reply(customer_id, ticket_id, "Any news?")
            committed = time.time()
            deadline = time.monotonic() + 30
            while (arrived := next((t for subject, t in list(arrivals.items()) if name in subject), None)) is None:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"no mail for {name} within 30 s")
                time.sleep(0.002)
            took.append((arrived - committed) * 1000)
    finally:
        worker.terminate()
        worker.wait(timeout=30)
    return Result("Reply commit to the mail in the SMTP server", took, target_ms=2000,
                  note="the worker process as `make run` starts it (polls every 1 s when idle); replies 0-1.2 s apart")


def bell(agent_id: int, customer_id: int, ticket_id: int, total: int, warmup: int, requests: int) -> list[Result]:
    """unread_count for an agent with `total` notifications: all unread, then all but 3 read."""
    now = utcnow()
    rows = [{"user_id": agent_id, "ticket_id": ticket_id, "kind": NotificationKind.reply, "actor_id": customer_id,
             "detail": {}, "created_at": now, "in_app": True, "email_state": EmailState.none}
            for _ in range(total)]
    with db.new_session() as s:
        for at in range(0, total, 5000):
            s.execute(insert(Notification), rows[at:at + 5000])
        s.commit()
    results = []
    with db.new_session() as s:
        actor = s.get(User, agent_id)
        results.append(timed("Primary-key lookup of the user (baseline)",
                             lambda: s.exec(select(User.id).where(User.id == agent_id)).one(), warmup=warmup,
                             requests=requests, baseline=True, note="the same session, one indexed row"))
        results.append(timed(f"Bell count, {total:,} notifications, all unread",
                             lambda: inbox.unread_count(s, actor=actor), warmup=warmup, requests=requests,
                             target_ms=5, note=f"answers {inbox.unread_count(s, actor=actor)} (shown as 99+)"))
        s.execute(update(Notification).where(Notification.user_id == agent_id).values(read_at=now))
        keep = s.exec(select(Notification.id).where(Notification.user_id == agent_id).limit(3)).all()
        s.execute(update(Notification).where(Notification.id.in_(keep)).values(read_at=None))
        s.commit()
        results.append(timed(f"Bell count, {total:,} notifications, 3 unread",
                             lambda: inbox.unread_count(s, actor=actor), warmup=warmup, requests=requests,
                             target_ms=5, note=f"answers {inbox.unread_count(s, actor=actor)}"))
    return results
