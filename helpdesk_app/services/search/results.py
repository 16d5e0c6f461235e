"""Where each result matched: its best entry, which part of the ticket that is, and the snippet."""

from sqlalchemy import func, select
from sqlmodel import Session

from helpdesk_app.models import Attachment, EntryKind, Reply, SearchEntry, Ticket, User
from helpdesk_app.services.search import snippets
from helpdesk_app.services.search.matching import matching
from helpdesk_app.services.search.syntax import SearchQuery


def _best_entries(session: Session, parsed: SearchQuery, ids: list[int], notes: bool) -> dict[int, int]:
    """Each ticket's best-scoring entry id."""
    found = matching(session, parsed.include, notes=notes).where(SearchEntry.ticket_id.in_(ids))
    best: dict[int, tuple[float, int]] = {}
    for entry_id, ticket_id, score in session.execute(found).all():
        if ticket_id not in best or (score, entry_id) < best[ticket_id]:
            best[ticket_id] = (score, entry_id)
    return {ticket_id: entry_id for ticket_id, (_, entry_id) in best.items()}


def _reply_number(session: Session, ticket_id: int, reply_id: int, notes: bool) -> int:
    counted = select(func.count()).select_from(Reply).where(Reply.ticket_id == ticket_id, Reply.id <= reply_id)
    if not notes:
        counted = counted.where(Reply.internal.is_(False))
    return session.execute(counted).scalar_one()


def _ticket_part(session: Session, ticket_id: int, wanted) -> tuple[str, str]:
    subject, description, name, email = session.execute(
        select(Ticket.subject, Ticket.description, User.name, User.email)
        .join(User, User.id == Ticket.requester_id).where(Ticket.id == ticket_id)).one()
    for part, text in (("subject", subject), ("description", description), ("requester", f"{name} <{email}>")):
        if snippets.hits(text, wanted):
            return part, text
    return "subject", subject


def where_matched(session: Session, parsed: SearchQuery, ids: list[int], *, notes: bool) -> dict[int, tuple]:
    """ticket id -> (part, reply_id, reply_number, attachment_id, segments), for Hit."""
    if not ids:
        return {}
    best = _best_entries(session, parsed, ids, notes)
    entries = {e.id: e for e in session.scalars(select(SearchEntry).where(SearchEntry.id.in_(best.values())))}
    wanted = parsed.all_words
    places = {}
    for ticket_id in ids:
        entry = entries.get(best.get(ticket_id))
        if entry is None:  # cannot happen while the index is in step; say where it was found anyway
            places[ticket_id] = ("subject", None, None, None, [])
        elif entry.kind == EntryKind.ticket:
            part, text = _ticket_part(session, ticket_id, wanted)
            places[ticket_id] = (part, None, None, None, snippets.segments(text, wanted))
        elif entry.kind == EntryKind.file:
            filename = session.get(Attachment, entry.ref_id).filename
            places[ticket_id] = ("file", None, None, entry.ref_id, snippets.segments(filename, wanted))
        else:
            body = session.get(Reply, entry.ref_id).body
            number = _reply_number(session, ticket_id, entry.ref_id, notes)
            places[ticket_id] = (entry.kind.value, entry.ref_id, number, None, snippets.segments(body, wanted))
    return places
