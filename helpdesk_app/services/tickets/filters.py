"""The ticket list's filters as WHERE clauses, each checked with a message that says what to change.

A value naming nothing (an unknown tag, a user id nobody has) matches no ticket: an empty list, not
an error. Tag, watcher and attachment filters are subqueries on their tables' ticket indexes.
"""

import enum

from sqlalchemy import exists, false, func, or_, select
from sqlmodel import Session

from helpdesk_app.models import Attachment, Reply, Ticket, TicketPriority, TicketStatus, User
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Action, Actor, can
from helpdesk_app.services.common.validation import MAX_PAGE, valid_id
from helpdesk_app.services.identity.access import visible_tickets
from helpdesk_app.services.tags.filters import MAX_FILTER_TAGS, TagMatch, excluded, split_names, tag_clauses
from helpdesk_app.services.tickets import moments
from helpdesk_app.services.tickets.query import MAX_LIST, MAX_PER_PAGE, MAX_REQUESTER, RANGES, SORTS, TicketQuery
from helpdesk_app.services.watchers.watching import watched_by

_RANGE_COLUMNS = {"created": Ticket.created_at, "updated": Ticket.updated_at, "activity": Ticket.last_activity_at}


def _choices(raw: str | None, kind: type[enum.StrEnum], field: str, errors: dict) -> list:
    """`open,pending` as members of `kind`; any part that is not one is an error on `field`."""
    if not raw:
        return []
    parts = raw.split(",")
    if len(raw) > MAX_LIST or any(p not in set(kind) for p in parts):
        errors[field] = f"Use one or more of: {', '.join(kind)} (comma-separated)."
        return []
    return [kind(p) for p in parts]


def _assignees(raw: str | None, actor: Actor, errors: dict) -> list:
    if not raw:
        return []
    parts = raw.split(",")
    if len(raw) > MAX_LIST or any(not (p in ("me", "none") or (p.isascii() and p.isdigit())) for p in parts):
        errors["assignee_id"] = "Use user ids, 'me' or 'none' (comma-separated)."
        return []
    # An id no user can have (0, or past the column's range) is nobody's: it matches no ticket.
    ids = {actor.id if p == "me" else int(p) for p in parts if p != "none"}
    clauses = [Ticket.assignee_id.in_([i for i in ids if valid_id(i)])] if ids else []
    return [or_(*clauses, *([Ticket.assignee_id.is_(None)] if "none" in parts else []), false())]


def _requester(raw: str | None, errors: dict) -> list:
    term = (raw or "").strip().lower()
    if not term:
        return []
    if len(term) > MAX_REQUESTER or "\x00" in term:
        errors["requester"] = f"Use at most {MAX_REQUESTER} characters, without NUL."
        return []
    people = select(User.id).where(or_(func.lower(User.name).contains(term, autoescape=True),
                                       User.email.contains(term, autoescape=True)))
    return [Ticket.requester_id.in_(people)]


def _has_attachments(actor: Actor, wanted: bool | None) -> list:
    if wanted is None:
        return []
    # The tickets with files, as a set built once from the attachments' index (a correlated EXISTS per
    # ticket read every ticket when few have files: 250 ms beside a status filter at 100,000).
    files = select(Attachment.ticket_id).where(Attachment.deleted_at.is_(None))
    if not can(actor, Action.view_internal_notes):  # a note's files are not theirs to know of
        in_note = exists().where(Reply.id == Attachment.reply_id, Reply.internal.is_(True))
        files = files.where(~in_note)
    return [Ticket.id.in_(files) if wanted else Ticket.id.not_in(files)]


def _ranges(query: TicketQuery, errors: dict) -> list:
    clauses = []
    for name in RANGES:
        column = _RANGE_COLUMNS[name]
        for bound, compare in (("from", column.__ge__), ("to", column.__lt__)):
            raw = getattr(query, f"{name}_{bound}")
            if not raw:
                continue
            moment = moments.parse(raw, end=bound == "to")
            if moment is None:
                errors[f"{name}_{bound}"] = moments.HELP
            else:
                clauses.append(compare(moment))
    return clauses


def _agent_only(session: Session, actor: Actor, query: TicketQuery, errors: dict):
    """Watched by me, and the tags: the clauses, and the subquery of tickets `not_tags` excludes (or None)."""
    where = []
    if query.watched_by:
        if query.watched_by != "me":
            errors["watched_by"] = "Use 'me'."
        elif not can(actor, Action.watch_ticket):
            errors["watched_by"] = "Watching is for agents."
        else:
            where.append(watched_by(actor.id))
    tags, not_tags = split_names(query.tags), split_names(query.not_tags)
    if query.tags_match not in set(TagMatch):
        errors["tags_match"] = f"Use one of: {', '.join(TagMatch)}."
    if not (tags or not_tags) or errors:
        return where, None
    if "\x00" in f"{query.tags}{query.not_tags}":
        errors["tags" if "\x00" in (query.tags or "") else "not_tags"] = "Remove the NUL character."
    elif not can(actor, Action.view_tags):
        errors["tags" if tags else "not_tags"] = "Filtering by tags is for agents."
    elif len(tags) > MAX_FILTER_TAGS or len(not_tags) > MAX_FILTER_TAGS:
        errors["tags" if len(tags) > MAX_FILTER_TAGS else "not_tags"] = f"Use at most {MAX_FILTER_TAGS} tags."
    else:
        return where + tag_clauses(session, tags, TagMatch(query.tags_match)), excluded(session, not_tags)
    return where, None


def ticket_filters(session: Session, actor: Actor, query: TicketQuery) -> tuple[list, object]:
    """The WHERE clauses of what the actor may see and asked for, and the subquery of the tickets
    excluded by tag (or None). InvalidInput names every field to change, at once."""
    errors: dict[str, str] = {}
    where = visible_tickets(actor)
    if statuses := _choices(query.status, TicketStatus, "status", errors):
        where.append(Ticket.status.in_(statuses))
    if priorities := _choices(query.priority, TicketPriority, "priority", errors):
        where.append(Ticket.priority.in_(priorities))
    where += _assignees(query.assignee_id, actor, errors)
    where += _requester(query.requester, errors)
    where += _has_attachments(actor, query.has_attachments)
    if query.unanswered is not None:
        where.append(Ticket.first_response_at.is_(None) if query.unanswered else Ticket.first_response_at.is_not(None))
    where += _ranges(query, errors)
    agent_where, without = _agent_only(session, actor, query, errors)
    where += agent_where
    if query.sort.removeprefix("-") not in SORTS:
        errors["sort"] = f"Use one of: {', '.join(SORTS)} (prefix - for descending)."
    if not 1 <= query.page <= MAX_PAGE:
        errors["page"] = f"Use a page number between 1 and {MAX_PAGE}."
    if not 1 <= query.per_page <= MAX_PER_PAGE:
        errors["per_page"] = f"Use between 1 and {MAX_PER_PAGE}."
    if errors:
        raise InvalidInput(errors, location="query")
    return where, without
