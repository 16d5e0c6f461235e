"""Watchers (services.watchers.watching): adding, removing, listing, and watching by taking part."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Role, TicketUpdate, TicketWatcher
from helpdesk_app.services import tickets
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.notifications import preferences
from helpdesk_app.services.tickets.listing import TicketQuery, list_tickets
from helpdesk_app.services.watchers import watching


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer, subject="Printer jams")


def _watchers(db, actor, ticket):
    return [w.name for w in watching.list_watchers(db, actor=actor, ticket_id=ticket.id)]


def test_an_agent_watches_and_stops_watching(db, agent, ticket):
    assert watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=agent.id) is True
    assert watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=agent.id) is False  # no-op
    assert _watchers(db, agent, ticket) == [agent.name]
    watching.remove_watcher(db, actor=agent, ticket_id=ticket.id, user_id=agent.id)
    assert _watchers(db, agent, ticket) == []
    with pytest.raises(NotFound):
        watching.remove_watcher(db, actor=agent, ticket_id=ticket.id, user_id=agent.id)


def test_an_agent_adds_another_agent_but_not_a_customer_or_an_inactive_one(db, agent, admin, customer, make_user,
                                                                            ticket):
    watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=admin.id)
    assert _watchers(db, agent, ticket) == [admin.name]
    gone, _ = make_user(role=Role.agent, is_active=False)
    for user in (customer, gone):
        with pytest.raises(InvalidInput):
            watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=user.id)
    with pytest.raises(NotFound):
        watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=999_999)


def test_customers_are_told_watchers_do_not_exist(db, customer, ticket):
    for call in (lambda: watching.list_watchers(db, actor=customer, ticket_id=ticket.id),
                 lambda: watching.add_watcher(db, actor=customer, ticket_id=ticket.id, user_id=customer.id)):
        with pytest.raises(NotFound):
            call()


def test_replying_noting_and_being_assigned_make_an_agent_a_watcher(db, agent, admin, make_user, ticket):
    third, _ = make_user(role=Role.agent)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="On it")
    replies.add_reply(db, actor=admin, ticket_id=ticket.id, body="FYI", internal=True)
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(assignee_id=third.id))
    assert set(_watchers(db, agent, ticket)) == {agent.name, admin.name, third.name}


def test_an_agent_who_turned_auto_watch_off_is_not_made_one(db, agent, customer, ticket):
    preferences.update_preferences(db, actor=agent, auto_watch=False)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="On it")
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="Thanks")  # customers never watch
    assert db.exec(select(TicketWatcher)).all() == []


def test_watched_by_me_lists_the_tickets_i_watch(db, agent, admin, customer, make_ticket, ticket):
    other = make_ticket(requester=customer, subject="Other")
    watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=agent.id)
    watching.add_watcher(db, actor=agent, ticket_id=other.id, user_id=admin.id)
    page = list_tickets(db, actor=agent, query=TicketQuery(watched_by="me"))
    assert [t.id for t in page.items] == [ticket.id] and page.total == 1
    with pytest.raises(InvalidInput):
        list_tickets(db, actor=customer, query=TicketQuery(watched_by="me"))
    with pytest.raises(InvalidInput):
        list_tickets(db, actor=agent, query=TicketQuery(watched_by="someone"))
