"""Keyset paging: "next" continues after the last row shown instead of counting past every earlier
one (an OFFSET reads all the rows it skips; page 20,000 of a million tickets read 500,000).

A cursor is the sort's value and the id of the last row, opaque to callers (URL-safe base64 of a
small JSON array). A cursor for another sort, or one that was altered, is refused with a message.
"""

import base64
import binascii
import json
from datetime import datetime

from sqlalchemy import literal, tuple_

from helpdesk_app.models import Ticket, TicketPriority
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.tickets.query import SORTS

PATTERN = "^[A-Za-z0-9_-]{1,200}={0,2}$"
_TIMES = ("last_activity_at", "created_at", "updated_at")
_PRIORITIES = list(TicketPriority)


def _value(field: str, ticket: Ticket):
    value = getattr(ticket, field)
    if field in _TIMES:
        return value.isoformat()
    if field == "priority":
        return _PRIORITIES.index(value)
    return value


def cursor_after(sort: str, ticket: Ticket) -> str:
    field = sort.removeprefix("-")
    raw = json.dumps([sort, _value(field, ticket), ticket.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decoded(sort: str, cursor: str):
    try:
        got_sort, value, ticket_id = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (binascii.Error, ValueError, TypeError, UnicodeDecodeError):
        return None
    if got_sort != sort or not isinstance(ticket_id, int) or isinstance(ticket_id, bool) or not valid_id(ticket_id):
        return None
    field = sort.removeprefix("-")
    try:
        if field in _TIMES:
            value = datetime.fromisoformat(value)
            return (value, ticket_id) if value.tzinfo else None
        if field == "priority":
            return (_PRIORITIES[value], ticket_id) if isinstance(value, int) and 0 <= value < len(_PRIORITIES) \
                else None
        return (value, ticket_id) if isinstance(value, int) and not isinstance(value, bool) else None
    except (TypeError, ValueError):
        return None


def after_clause(sort: str, cursor: str):
    """The WHERE clause of the rows after the cursor, in `sort`'s order."""
    found = _decoded(sort, cursor)
    if found is None:
        raise InvalidInput({"after": "Use the next_cursor of a page of this list (and the same sort)."},
                           location="query")
    column = SORTS[sort.removeprefix("-")]
    # Typed binds: the column's own type stores the value (a priority as its rank, a time as UTC).
    keys, bound = tuple_(column, Ticket.id), tuple_(literal(found[0], column.type), literal(found[1], Ticket.id.type))
    return keys < bound if sort.startswith("-") else keys > bound
