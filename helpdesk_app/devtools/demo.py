"""Demo data for a first run: five users with fresh passwords, a few tickets, tags and canned replies."""

import secrets
from dataclasses import dataclass

from sqlmodel import Session, func, select

from helpdesk_app.models import CannedScope, Role, TicketCreate, TicketPriority, TicketUpdate, User
from helpdesk_app.services.canned import library
from helpdesk_app.services.conversation import replies
from helpdesk_app.services import tickets
from helpdesk_app.services.identity import users
from helpdesk_app.services.tags import catalog, on_tickets

DEMO_USERS = [
    ("admin@example.com", "Ada Admin", Role.admin),
    ("agent1@example.com", "Alex Agent", Role.agent),
    ("agent2@example.com", "Sam Support", Role.agent),
    ("customer1@example.com", "Carla Customer", Role.customer),
    ("customer2@example.com", "Chris Client", Role.customer),
]


@dataclass
class DemoLogin:
    email: str
    name: str
    role: str
    password: str


def has_users(session: Session) -> bool:
    return session.exec(select(func.count()).select_from(User)).one() > 0


def seed_demo(session: Session) -> list[DemoLogin]:
    """Create the demo users (passwords generated now, never fixed in code) and tickets."""
    logins, made = [], {}
    for email, name, role in DEMO_USERS:
        password = secrets.token_urlsafe(12)
        made[email] = users.register_user(session, email=email, name=name, password=password, role=role,
                                           verified=True)
        logins.append(DemoLogin(email, name, role.value, password))
    admin, agent, agent2, carla, chris = (made[e] for e, _, _ in DEMO_USERS)

    t1 = tickets.create_ticket(session, actor=carla, data=TicketCreate(
        subject="Cannot sign in to the billing portal",
        description="Since this morning the billing portal says my password is wrong, although I reset it twice.",
        priority=TicketPriority.high))
    replies.add_reply(session, actor=agent, ticket_id=t1.id, internal=True,
                      body="Probably the SSO sync; checking the identity provider logs.")
    replies.add_reply(session, actor=agent, ticket_id=t1.id,
                      body="Thanks Carla, we are looking into it and will update you within the hour.")
    tickets.update_ticket(session, actor=agent, ticket_id=t1.id, changes=TicketUpdate(assignee_id=agent.id))

    t2 = tickets.create_ticket(session, actor=chris, data=TicketCreate(
        subject="Invoice 2026-114 shows the wrong VAT rate",
        description="The invoice uses 19% but our contract says 7%. Could you correct it?"))
    t3 = tickets.create_ticket(session, actor=agent2, data=TicketCreate(
        subject="Request: add a second user to our account", requester_id=carla.id,
        description="Carla called and asked for an account for her colleague.", priority=TicketPriority.low))
    tickets.update_ticket(session, actor=agent2, ticket_id=t3.id,
                          changes=TicketUpdate(status="pending", assignee_id=agent2.id))
    t4 = tickets.create_ticket(session, actor=chris, data=TicketCreate(
        subject="Website down?", description="I get a 502 error on the login page.",
        priority=TicketPriority.urgent))
    replies.add_reply(session, actor=admin, ticket_id=t4.id, body="Fixed: a deploy went wrong. Sorry for the trouble!")
    tickets.update_ticket(session, actor=admin, ticket_id=t4.id, changes=TicketUpdate(status="resolved"))
    _tags_and_canned(session, admin, agent, {"Billing": [t1, t2], "VIP": [t1], "Outage": [t4]})
    return logins


def _tags_and_canned(session: Session, admin: User, agent: User, tagged: dict) -> None:
    colours = {"Billing": "blue", "VIP": "purple", "Outage": "red"}
    for name, on in tagged.items():
        catalog.create_tag(session, actor=admin, name=name, color=colours[name])
        for ticket in on:
            on_tickets.add_tag(session, actor=agent, ticket_id=ticket.id, name=name)
    for title, body in (
        ("Acknowledge", 'Hi {{ customer.first_name | default("there") }},\n\nthanks for writing in: ticket '
                        "#{{ ticket.number }} is with us and we will come back to you today.\n\n{{ agent.name }}"),
        ("Solved, please confirm", 'Hi {{ customer.first_name | default("there") }},\n\nthis should be fixed now. '
                                   "If anything is still wrong, just reply here: {{ ticket.url }}"),
    ):
        library.create_canned(session, actor=admin, title=title, body=body, scope=CannedScope.shared)
    library.create_canned(session, actor=agent, title="My sign-off", body="Best,\n{{ agent.first_name }}")
