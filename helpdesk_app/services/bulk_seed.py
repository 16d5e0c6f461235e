"""Fast bulk data for benchmarks: many tickets and replies, inserted in batches."""

import random
import secrets
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import insert, select, update
from sqlmodel import Session

from helpdesk_app.models import (
    Reply, Role, Ticket, TicketNumberCounter, TicketPriority, TicketStatus, User, utcnow,
)
from helpdesk_app.services.passwords import hash_password

BATCH = 5_000
WORDS = (
    "printer invoice login password refund order shipping account error page slow upgrade plan "
    "email export report crash update mobile app payment card access user settings sync"
).split()


@dataclass
class BulkResult:
    tickets: int
    replies: int
    password: str  # shared by the bulk users, printed once


def _sentence(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize() + "."


def _users(session: Session, role: Role, count: int, tag: str, password_hash: str) -> list[int]:
    now = utcnow()
    rows = [
        {"email": f"bulk-{tag}-{role.value}{i}@example.com", "name": f"Bulk {role.value.title()} {i}",
         "role": role, "is_active": True, "password_hash": password_hash, "created_at": now}
        for i in range(count)
    ]
    session.execute(insert(User), rows)
    emails = [r["email"] for r in rows]
    return list(session.execute(select(User.id).where(User.email.in_(emails))).scalars())


def seed_bulk(session: Session, *, tickets: int, replies_per_ticket: int, seed: int = 7) -> BulkResult:
    rng = random.Random(seed)
    password = secrets.token_urlsafe(12)
    pw_hash = hash_password(password)
    tag = secrets.token_hex(3)
    agents = _users(session, Role.agent, 20, tag, pw_hash)
    customers = _users(session, Role.customer, max(10, min(5_000, tickets // 20)), tag, pw_hash)
    first = session.execute(
        update(TicketNumberCounter).where(TicketNumberCounter.id == 1)
        .values(last_number=TicketNumberCounter.last_number + tickets)
        .returning(TicketNumberCounter.last_number)
    ).one()[0] - tickets + 1
    now = utcnow()
    statuses, priorities = list(TicketStatus), list(TicketPriority)
    made_replies = 0
    for start in range(0, tickets, BATCH):
        rows = []
        for i in range(start, min(start + BATCH, tickets)):
            created = now - timedelta(minutes=rng.randrange(525_600))
            rows.append({
                "number": first + i, "subject": _sentence(rng, 6), "description": _sentence(rng, 30),
                "status": rng.choice(statuses), "priority": rng.choice(priorities),
                "requester_id": rng.choice(customers), "created_by_id": rng.choice(customers),
                "assignee_id": rng.choice(agents) if rng.random() < 0.8 else None,
                "created_at": created, "updated_at": created,
                "last_activity_at": created + timedelta(minutes=rng.randrange(10_000)),
            })
        session.execute(insert(Ticket), rows)
        numbers = [r["number"] for r in rows]
        ids = session.execute(select(Ticket.id, Ticket.requester_id, Ticket.created_at)
                              .where(Ticket.number.in_(numbers))).all()
        replies = []
        for ticket_id, requester_id, created in ids:
            for j in range(replies_per_ticket):
                staff = j % 2 == 1
                replies.append({
                    "ticket_id": ticket_id, "author_id": rng.choice(agents) if staff else requester_id,
                    "body": _sentence(rng, 25), "internal": staff and rng.random() < 0.2,
                    "created_at": created + timedelta(minutes=5 * (j + 1)),
                })
        for r in range(0, len(replies), BATCH * 2):
            session.execute(insert(Reply), replies[r:r + BATCH * 2])
        made_replies += len(replies)
        session.commit()
    return BulkResult(tickets=tickets, replies=made_replies, password=password)
