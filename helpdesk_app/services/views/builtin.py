"""The views every agent starts with. They are rows like the shared ones (admins may rename, edit and
reorder them), made the first time anyone lists views, and cannot be deleted."""

from sqlmodel import Session

from helpdesk_app.models import SavedView, utcnow
from helpdesk_app.services.common.upsert import insert_missing

OPEN = "new,open,pending"
BUILTIN = (  # key, name, filter; in this order, before the shared views an admin adds
    ("mine", "My open tickets", {"assignee_id": "me", "status": OPEN}),
    ("unassigned", "Unassigned", {"assignee_id": "none", "status": OPEN}),
    ("open", "All open", {"status": OPEN}),
    ("waiting", "Waiting for customer", {"status": "pending"}),
    ("resolved", "Recently resolved", {"status": "resolved,closed", "updated_from": "7d", "sort": "-updated_at"}),
)


def ensure_builtin(session: Session, present: set[str]) -> bool:
    """Make the built-in views missing from `present` (their keys); True if any was made. Two first
    callers at once make each view once (the key is unique)."""
    missing = [(position, key, name, flt) for position, (key, name, flt) in enumerate(BUILTIN) if key not in present]
    if not missing:
        return False
    now = utcnow()
    # Below zero: the shared views admins add (from 0 on) come after them until an admin reorders.
    rows = [{"builtin": key, "name": name, "filter": flt, "position": position - len(BUILTIN), "created_at": now,
             "updated_at": now} for position, key, name, flt in missing]
    insert_missing(session, SavedView, rows, ["builtin"])
    return True
