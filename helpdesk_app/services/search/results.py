"""Where each result matched: its best entry, which part of the ticket that is, and the snippet.

Everything for a page in four queries at most (its entries, then the tickets, replies and files
they name), whatever the page's size.
"""

from sqlalchemy import func, select
from sqlalchemy.orm import aliased
from sqlmodel import Session

from helpdesk_app.models import Attachment, EntryKind, Reply, SearchEntry, Ticket
from helpdesk_app.services.search import snippets
from helpdesk_app.services.search.indexing import TICKET_TEXTS
from helpdesk_app.services.search.syntax import SearchQuery


def _replies(session: Session, ids: list[int], notes: bool) -> dict[int, tuple[str, int]]:
    """Reply id -> (body, its place among the replies the caller sees)."""
    if not ids:
        return {}
    earlier = aliased(Reply)
    place = select(func.count()).where(earlier.ticket_id == Reply.ticket_id, earlier.id <= Reply.id)
    if not notes:
        place = place.where(earlier.internal.is_(False))
    rows = session.execute(select(Reply.id, Reply.body, place.scalar_subquery()).where(Reply.id.in_(ids))).all()
    return {reply_id: (body, number) for reply_id, body, number in rows}


def _tickets(session: Session, ids: list[int]) -> dict[int, tuple]:
    return {row[0]: row[1:] for row in session.execute(TICKET_TEXTS.where(Ticket.id.in_(ids))).all()}


def _ticket_part(texts: tuple, wanted) -> tuple[str, str]:
    subject, description, name, email = texts
    for part, text in (("subject", subject), ("description", description), ("requester", f"{name} <{email}>")):
        if snippets.hits(text, wanted):
            return part, text
    return "subject", subject


def where_matched(session: Session, parsed: SearchQuery, best: dict[int, int], *, notes: bool) -> dict[int, tuple]:
    """ticket id -> (part, reply_id, reply_number, attachment_id, segments), for Hit; `best` maps each
    ticket of the page to its best entry's id."""
    if not best:
        return {}
    entries = {e.id: e for e in session.scalars(select(SearchEntry).where(SearchEntry.id.in_(best.values())))}
    by_kind: dict[EntryKind, list[int]] = {kind: [] for kind in EntryKind}
    for e in entries.values():
        by_kind[e.kind].append(e.ref_id if e.ref_id is not None else e.ticket_id)
    tickets = _tickets(session, by_kind[EntryKind.ticket]) if by_kind[EntryKind.ticket] else {}
    replies = _replies(session, by_kind[EntryKind.reply] + by_kind[EntryKind.note], notes)
    files = dict(session.execute(select(Attachment.id, Attachment.filename)
                                 .where(Attachment.id.in_(by_kind[EntryKind.file]))).all()) if by_kind[
        EntryKind.file] else {}
    wanted, places = parsed.all_words, {}
    for ticket_id, entry_id in best.items():
        entry = entries.get(entry_id)
        if entry is None:  # cannot happen while the index is in step; say where it was found anyway
            places[ticket_id] = ("subject", None, None, None, [])
        elif entry.kind == EntryKind.ticket:
            part, text = _ticket_part(tickets[ticket_id], wanted)
            places[ticket_id] = (part, None, None, None, snippets.segments(text, wanted))
        elif entry.kind == EntryKind.file:
            places[ticket_id] = ("file", None, None, entry.ref_id, snippets.segments(files.get(entry.ref_id, ""),
                                                                                      wanted))
        else:
            body, number = replies.get(entry.ref_id, ("", None))
            places[ticket_id] = (entry.kind.value, entry.ref_id, number, None, snippets.segments(body, wanted))
    return places
