"""Bulk tags and canned replies for benchmarks: a catalogue of tags spread over every ticket (0 to
`max_per_ticket` each), and shared canned replies, written with bulk_seed's writer."""

import random
from dataclasses import dataclass

from sqlalchemy import func, select, update
from sqlmodel import Session

from helpdesk_app.devtools.bulk_seed import WORDS, _refresh_statistics, _Texts, _Writer
from helpdesk_app.models import CannedReply, Role, Tag, Ticket, TicketTag, User, utcnow
from helpdesk_app.services.tags.names import PALETTE, name_key

BATCH = 50_000  # ticket-tag rows per write
TAG_COLUMNS = ("name", "name_key", "color", "ticket_count", "created_at")
LINK_COLUMNS = ("ticket_id", "tag_id", "created_at")
CANNED_COLUMNS = ("title", "body", "owner_id", "usage_count", "created_by_id", "created_at", "updated_at")


@dataclass
class TagsResult:
    tags: int
    links: int
    canned: int


def seed_tags(session: Session, *, tags: int, max_per_ticket: int = 5, canned: int = 0, seed: int = 11) -> TagsResult:
    rng, now = random.Random(seed), utcnow()
    names = [f"{rng.choice(WORDS)}-{i:04d}" for i in range(tags)]
    colours = list(PALETTE)
    _Writer(session, Tag.__table__, TAG_COLUMNS).write(
        [(n, name_key(n), rng.choice(colours), 0, now) for n in names])
    tag_ids = list(session.execute(select(Tag.id).where(Tag.name_key.in_([name_key(n) for n in names]))).scalars())
    ticket_ids = list(session.execute(select(Ticket.id).order_by(Ticket.id)).scalars())
    writer, rows, links = _Writer(session, TicketTag.__table__, LINK_COLUMNS), [], 0
    for ticket_id in ticket_ids:
        for tag_id in rng.sample(tag_ids, rng.randint(0, min(max_per_ticket, len(tag_ids)))):
            rows.append((ticket_id, tag_id, now))
        if len(rows) >= BATCH:
            writer.write(rows)
            links, rows = links + len(rows), []
    writer.write(rows)
    links += len(rows)
    counts = select(func.count()).where(TicketTag.tag_id == Tag.id).scalar_subquery()
    session.execute(update(Tag).where(Tag.id.in_(tag_ids)).values(ticket_count=counts))
    made = _canned(session, rng, canned, now) if canned else 0
    session.commit()
    _refresh_statistics(session)
    engine = session.get_bind()
    if engine.dialect.name == "postgresql":
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
            for table in ("tags", "ticket_tags", "canned_replies"):
                conn.exec_driver_sql(f"VACUUM (ANALYZE) {table}")
    return TagsResult(tags=len(tag_ids), links=links, canned=made)


def _canned(session: Session, rng: random.Random, count: int, now) -> int:
    author = session.execute(select(User.id).where(User.role == Role.agent).limit(1)).scalar_one()
    text = _Texts(rng, 40)
    rows = [(f"{rng.choice(WORDS).title()} {rng.choice(WORDS)} {i}",
             f"Hi {{{{ customer.first_name | default(\"there\") }}}}, {text()} Ticket #{{{{ ticket.number }}}}.",
             None, 0, author, now, now) for i in range(count)]
    _Writer(session, CannedReply.__table__, CANNED_COLUMNS).write(rows)
    return count
