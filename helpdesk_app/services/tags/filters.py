"""The ticket list's tag filters: any of, all of, none of some tags, as WHERE clauses.

Each is a subquery on ticket_tags' (tag_id, ticket_id) index: the database reads only the rows of
the tags named, then looks the tickets up by id (docs/performance.md has the figures).
"""

import enum

from sqlalchemy import false, func
from sqlmodel import Session, select

from helpdesk_app.models import Tag, Ticket, TicketTag
from helpdesk_app.services.tags.names import name_key

MAX_FILTER_TAGS = 20


class TagMatch(enum.StrEnum):
    any = "any"
    all = "all"


def split_names(raw: str | None) -> list[str]:
    """`billing,vip` as names; empty parts are dropped."""
    return [part for part in (raw or "").split(",") if part.strip()]


def _ids(session: Session, names: list[str]) -> dict[str, int]:
    keys = {name_key(n) for n in names}
    return dict(session.exec(select(Tag.name_key, Tag.id).where(Tag.name_key.in_(keys))).all())


def excluded(session: Session, not_tags: list[str]):
    """The ids of the tickets carrying any of `not_tags` (a subquery), or None when no such tag exists."""
    ids = list(_ids(session, not_tags).values()) if not_tags else []
    return select(TicketTag.ticket_id).where(TicketTag.tag_id.in_(ids)) if ids else None


def tag_clauses(session: Session, tags: list[str], match: TagMatch) -> list:
    """WHERE clauses for any or all of `tags` (none of some tags: `excluded`)."""
    clauses = []
    if tags:
        found = _ids(session, tags)
        keys = {name_key(n) for n in tags}
        ids = list(found.values())
        with_any = select(TicketTag.ticket_id).where(TicketTag.tag_id.in_(ids))
        if match == TagMatch.any:
            clauses.append(Ticket.id.in_(with_any) if ids else false())
        elif len(found) < len(keys):
            clauses.append(false())  # one of the tags does not exist: no ticket has them all
        else:
            clauses.append(Ticket.id.in_(with_any.group_by(TicketTag.ticket_id)
                                         .having(func.count() == len(ids))))
    return clauses
