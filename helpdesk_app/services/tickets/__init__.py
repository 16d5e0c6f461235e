"""Tickets: open one, find the ones the actor may see, change them, list them.

The verbs most callers need are importable from here (`from helpdesk_app.services import tickets`);
the list's filters and sorts are in `listing`, the public shape in `presenters`.
"""

from helpdesk_app.services.tickets.change import record_change, update_ticket
from helpdesk_app.services.tickets.lookup import check_visible, get_visible
from helpdesk_app.services.tickets.numbers import next_number, reserve_id
from helpdesk_app.services.tickets.open import (
    DESCRIPTION_MAX, SUBJECT_MAX, check_new_ticket, create_ticket,
)

__all__ = ["DESCRIPTION_MAX", "SUBJECT_MAX", "check_new_ticket", "check_visible", "create_ticket", "get_visible",
           "next_number", "record_change", "reserve_id", "update_ticket"]
