"""The index follows every write, in the write's own transaction: each use case's events say what
changed (a ticket opened, a reply or note added, files added or deleted), and `follow` writes the
entries before the use case commits (unit_of_work.before_commit). Later edits, deletes and merges
name what they change the same way."""

from sqlalchemy import delete, insert, select
from sqlmodel import Session

from helpdesk_app.models import Attachment, EntryKind, Reply, SearchEntry, Ticket, User
from helpdesk_app.services.common.events import DomainEvent, EventType
from helpdesk_app.services.search.words import terms_of

_entries = SearchEntry.__table__
# What a ticket's own entry is made of: its texts and its requester's name and address.
TICKET_TEXTS = (select(Ticket.id, Ticket.subject, Ticket.description, User.name, User.email)
                .join(User, User.id == Ticket.requester_id))


def ticket_entry(ticket_id: int, subject: str, description: str, name: str, email: str) -> dict:
    return {"ticket_id": ticket_id, "kind": EntryKind.ticket.value, "ref_id": None, "internal": False,
            "terms": terms_of(subject, description, name, email)}


def reply_entry(ticket_id: int, reply_id: int, body: str, internal: bool) -> dict:
    kind = EntryKind.note if internal else EntryKind.reply
    return {"ticket_id": ticket_id, "kind": kind.value, "ref_id": reply_id, "internal": internal,
            "terms": terms_of(body)}


def file_entry(ticket_id: int, attachment_id: int, filename: str, internal: bool) -> dict:
    return {"ticket_id": ticket_id, "kind": EntryKind.file.value, "ref_id": attachment_id, "internal": internal,
            "terms": terms_of(filename)}


def _tickets(session: Session, ids: list[int]) -> list[dict]:
    return [ticket_entry(*row) for row in session.execute(TICKET_TEXTS.where(Ticket.id.in_(ids))).all()]


def _replies(session: Session, ids: list[int]) -> list[dict]:
    rows = session.execute(select(Reply.ticket_id, Reply.id, Reply.body, Reply.internal)
                           .where(Reply.id.in_(ids))).all()
    return [reply_entry(*row) for row in rows]


def _files(session: Session, ids: list[int]) -> list[dict]:
    rows = session.execute(select(Attachment.ticket_id, Attachment.id, Attachment.filename, Reply.internal)
                           .outerjoin(Reply, Reply.id == Attachment.reply_id).where(Attachment.id.in_(ids))).all()
    return [file_entry(t, a, name, bool(internal)) for t, a, name, internal in rows]


def _requested_by(session: Session, user_ids: list[int]) -> list[int]:
    """The tickets these people requested, whose entries hold their name and address."""
    ticket_ids = list(session.execute(select(Ticket.id).where(Ticket.requester_id.in_(user_ids))).scalars())
    if ticket_ids:
        session.execute(delete(SearchEntry).where(SearchEntry.kind == EntryKind.ticket,
                                                  SearchEntry.ticket_id.in_(ticket_ids)))
    return ticket_ids


def follow(session: Session, events: list[DomainEvent]) -> None:
    tickets, replies, files, gone = [], [], [], []
    renamed = [e.payload["user_id"] for e in events if e.type == EventType.user_changed
               and {"name", "email"} & set(e.payload)]
    if renamed:
        tickets += _requested_by(session, renamed)
    for e in events:
        if e.type == EventType.ticket_created:
            tickets.append(e.ticket_id)
        elif e.type in (EventType.reply_added, EventType.note_added):
            replies.append(e.payload["reply_id"])
        elif e.type == EventType.attachments_added:
            files += e.payload["attachment_ids"]
        elif e.type == EventType.attachment_deleted:
            gone.append(e.payload["attachment_id"])
    rows = (_tickets(session, tickets) if tickets else []) + (_replies(session, replies) if replies else []) + (
        _files(session, files) if files else [])
    if gone:
        session.execute(delete(SearchEntry).where(SearchEntry.kind == EntryKind.file, SearchEntry.ref_id.in_(gone)))
    if rows:
        session.execute(insert(_entries), rows)
