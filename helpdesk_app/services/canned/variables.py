"""The values a canned reply's variables take for one ticket and the agent using it."""

from sqlmodel import Session

from helpdesk_app import routes
from helpdesk_app.config import get_settings
from helpdesk_app.models import Ticket, User
from helpdesk_app.services.common.policy import Actor


def first_name(name: str) -> str:
    parts = (name or "").split()
    return parts[0] if parts else ""


def _person(name: str, email: str) -> dict[str, str]:
    return {"name": name, "first_name": first_name(name), "email": email}


# The page's preview, written without a ticket, shows these instead.
SAMPLE = {
    "ticket": {"number": "1234", "subject": "Example: printer offline", "status": "open",
               "url": "/tickets/1234"},
    "customer": _person("Jane Example", "jane@example.com"),
}


def values_for(session: Session, *, agent: Actor, ticket: Ticket | None) -> dict[str, dict[str, str]]:
    """For `ticket`; None: the page's preview, with SAMPLE's ticket and customer."""
    values = {"agent": _person(agent.name, agent.email)}
    if ticket is None:
        values.update(SAMPLE)
    else:
        customer = session.get(User, ticket.requester_id)
        values["customer"] = _person(customer.name, customer.email) if customer else {}
        values["ticket"] = {
            "number": str(ticket.number), "subject": ticket.subject, "status": ticket.status.value,
            "url": get_settings().site_url + routes.ticket_url(ticket.id),
        }
    return values
