"""The ticket list's tests share one queue of six tickets."""

from datetime import timedelta

import pytest
from sqlmodel import update

from helpdesk_app.models import Ticket, utcnow


@pytest.fixture
def queue(db, make_ticket, make_user, admin, agent, customer, other_customer):
    """Six tickets with distinct activity times (A is the most recent)."""
    colleague, _ = make_user(role="agent", name="Sam Support")
    specs = [
        ("A", customer, "new", "low", None),
        ("B", customer, "open", "urgent", agent),
        ("C", other_customer, "open", "high", colleague),
        ("D", other_customer, "pending", "normal", agent),
        ("E", customer, "resolved", "normal", None),
        ("F", other_customer, "closed", "high", admin),
    ]
    now = utcnow()
    made = {}
    for i, (subject, requester, status, priority, assignee) in enumerate(specs):
        ticket = make_ticket(requester=requester, subject=subject, status=status, priority=priority,
                             assignee=assignee)
        db.exec(update(Ticket).where(Ticket.id == ticket.id).values(
            last_activity_at=now - timedelta(minutes=i),
            # Oldest first by creation time, the reverse of activity.
            created_at=now - timedelta(days=10 - i),
        ))
        made[subject] = ticket
    db.commit()
    made["colleague"] = colleague
    return made
