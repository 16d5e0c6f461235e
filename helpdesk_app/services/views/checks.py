"""What a saved view may hold: the list's filter and sort, each value as the list itself would take it."""

from sqlmodel import Session

from helpdesk_app.models.saved_view import VIEW_NAME_MAX
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.common.policy import Actor
from helpdesk_app.services.common.validation import text_error
from helpdesk_app.services.search.syntax import parse
from helpdesk_app.services.tickets.filters import ticket_filters
from helpdesk_app.services.tickets.query import FILTER_FIELDS, TicketQuery, as_filter

FLAGS = ("has_attachments", "unanswered")  # true or false; every other field is text
MAX_POSITION = 1_000_000


def checked_filter(session: Session, actor: Actor, raw: object) -> dict:
    """`raw` as a view keeps it (defaults left out); InvalidInput names each field ("filter.status")."""
    if not isinstance(raw, dict):
        raise InvalidInput({"filter": "Send an object of the list's filters, such as {\"status\": \"open\"}."})
    errors = {}
    for key, value in raw.items():
        if key not in FILTER_FIELDS:
            errors[f"filter.{key}"] = f"Not a filter; use: {', '.join(FILTER_FIELDS)}."
        elif key in FLAGS and not isinstance(value, bool | None):
            errors[f"filter.{key}"] = "Use true or false."
        elif key not in FLAGS and not isinstance(value, str | None) or key == "sort" and value is None:
            errors[f"filter.{key}"] = "Use text."
    if errors:
        raise InvalidInput(errors)
    query = TicketQuery(**raw)
    try:
        ticket_filters(session, actor, query)
        if query.q and query.q.strip():
            parse(query.q)
    except InvalidInput as refused:
        raise InvalidInput({f"filter.{k}": v for k, v in refused.fields.items()}) from None
    return as_filter(query)


def checked_name(name: str) -> str:
    if message := text_error(name, label="a name", max_length=VIEW_NAME_MAX):
        raise InvalidInput({"name": message})
    return name.strip()


def checked_position(position: int) -> int:
    if not -MAX_POSITION <= position <= MAX_POSITION:
        raise InvalidInput({"position": f"Use a number between {-MAX_POSITION} and {MAX_POSITION}."})
    return position
