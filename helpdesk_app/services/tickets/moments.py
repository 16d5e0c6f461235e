"""The list's time filters: a date, a moment, or a span back from now ("7d": the last seven days).

A span stays relative, so a saved view "updated in the last 7 days" means the same thing next week.
Dates and moments without a zone are UTC.
"""

import re
from datetime import UTC, datetime, time, timedelta

from helpdesk_app.models import utcnow

SPAN = re.compile(r"^([0-9]{1,4})([hdw])$")
DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
MOMENT = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
                    r"(Z|[+-][0-9]{2}:[0-9]{2})?$")
# What the API document says of these parameters (the services' rule, as a pattern).
PATTERN = "^$|" + "|".join(p.pattern for p in (SPAN, DATE, MOMENT))
HELP = "Use a date (2026-11-30), a time (2026-11-30T09:00Z) or a span back from now (24h, 7d, 2w)."
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


def parse(value: str, *, end: bool = False) -> datetime | None:
    """The moment `value` names, or None if it names none. `end`: a date means the end of that day
    (the range's upper bound is exclusive), so "to 2026-11-30" includes the 30th."""
    if match := SPAN.match(value):
        return utcnow() - int(match[1]) * _UNITS[match[2]]
    try:
        if DATE.match(value):
            day = datetime.combine(datetime.strptime(value, "%Y-%m-%d").date(), time(), tzinfo=UTC)
            return day + timedelta(days=1) if end else day
        if MOMENT.match(value):
            moment = datetime.fromisoformat(value)
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except (ValueError, OverflowError):
        return None
    return None
