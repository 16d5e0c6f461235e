"""The notification table (services.notifications.rules and fanout), row by row: who is told, and who never is."""

import pytest
from sqlmodel import select

from helpdesk_app.models import EmailState, Notification, Role, TicketCreate, TicketUpdate
from helpdesk_app.services import tickets
from helpdesk_app.services.common.unit_of_work import transaction
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.notifications import inbox, preferences
from helpdesk_app.services.watchers import watching


@pytest.fixture
def team(db, make_user, make_ticket, customer, agent, admin):
    """A ticket `customer` asked, assigned to `agent`, watched by `admin`; `bystander` has nothing to do with it."""
    ticket = make_ticket(requester=customer, assignee=agent)
    watching.add_watcher(db, actor=admin, ticket_id=ticket.id, user_id=admin.id)
    bystander, _ = make_user(role=Role.agent)
    db.exec(Notification.__table__.delete())
    db.commit()
    return ticket, bystander


def _told(db) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for n in db.exec(select(Notification).order_by(Notification.id)).all():
        found.setdefault(n.user_id, []).append(n.kind.value)
    db.exec(Notification.__table__.delete())
    db.commit()
    return found


def test_a_public_reply_by_an_agent_tells_the_team_and_the_requester(db, team, agent, admin, customer):
    ticket, bystander = team
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Fixed")
    told = _told(db)
    assert told == {admin.id: ["reply"], customer.id: ["reply"]}  # not the author, not the bystander


def test_a_customers_reply_tells_the_team_not_the_customer(db, team, agent, admin, customer):
    ticket, _ = team
    replies.add_reply(db, actor=customer, ticket_id=ticket.id, body="Still broken")
    assert _told(db) == {agent.id: ["reply"], admin.id: ["reply"]}


def test_an_internal_note_is_for_agents_only_ever(db, team, agent, admin, customer):
    ticket, _ = team
    replies.add_reply(db, actor=admin, ticket_id=ticket.id, body="Looks like the driver", internal=True)
    assert _told(db) == {agent.id: ["note"]}


@pytest.mark.parametrize(("status", "requester_told"), [
    ("open", False), ("pending", True), ("resolved", True), ("closed", True),
])
def test_a_status_change_tells_the_requester_only_when_it_concerns_them(db, team, agent, admin, customer, status,
                                                                       requester_told):
    ticket, _ = team
    tickets.update_ticket(db, actor=agent, ticket_id=ticket.id, changes=TicketUpdate(status=status))
    expected = {admin.id: ["status"]} | ({customer.id: ["status"]} if requester_told else {})
    assert _told(db) == expected


def test_assigning_tells_the_new_assignee(db, team, agent, admin, customer, make_user):
    ticket, bystander = team
    tickets.update_ticket(db, actor=admin, ticket_id=ticket.id, changes=TicketUpdate(assignee_id=bystander.id))
    assert _told(db) == {bystander.id: ["assigned"]}


def test_a_new_ticket_sends_the_receipt_and_tells_agents_who_opted_in(db, customer, agent, admin):
    preferences.update_preferences(db, actor=admin, channels={"new_ticket": {"app": True}})
    tickets.create_ticket(db, actor=customer, data=TicketCreate(subject="Help", description="Please"))
    rows = {n.user_id: n for n in db.exec(select(Notification)).all()}
    assert set(rows) == {customer.id, admin.id}  # the agent did not opt in
    receipt = rows[customer.id]
    assert receipt.email_state == EmailState.pending and receipt.in_app is False  # their own action: mail only
    assert rows[admin.id].in_app is True and rows[admin.id].email_state == EmailState.none


def test_a_ticket_opened_for_a_customer_tells_them_in_the_app_too(db, customer, agent):
    tickets.create_ticket(db, actor=agent, data=TicketCreate(subject="We noticed", description="x",
                                                             requester_id=customer.id))
    receipt = db.exec(select(Notification).where(Notification.user_id == customer.id)).one()
    assert receipt.in_app is True and receipt.email_state == EmailState.pending


def test_nobody_inactive_or_muted_is_told(db, team, agent, admin, customer, make_user):
    ticket, _ = team
    preferences.set_muted(db, actor=admin, ticket_id=ticket.id, muted=True)
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Done")
    assert _told(db) == {customer.id: ["reply"]}
    customer.is_active = False
    db.add(customer)
    db.commit()
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Again")
    assert _told(db) == {}


def test_preferences_pick_the_channels(db, team, agent, admin, customer):
    ticket, _ = team
    preferences.update_preferences(db, actor=admin, channels={"reply": {"email": False}})
    preferences.update_preferences(db, actor=customer, channels={"reply": {"app": False, "email": False}})
    replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Done")
    rows = db.exec(select(Notification)).all()
    assert [(n.user_id, n.in_app, n.email_state) for n in rows] == [(admin.id, True, EmailState.none)]


def test_a_rolled_back_use_case_tells_nobody(db, team, agent):
    ticket, _ = team
    with pytest.raises(RuntimeError), transaction(db):
        replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Never sent")
        raise RuntimeError("the request failed after the reply")
    assert db.exec(select(Notification)).all() == []


def test_files_added_without_a_reply_tell_the_team(db, team, agent, admin):
    from helpdesk_app.services.common.events import EventType
    from helpdesk_app.services.common.unit_of_work import record

    ticket, _ = team
    with transaction(db):
        record(db, EventType.attachments_added, ticket_id=ticket.id, actor_id=admin.id, attachment_ids=[1, 2],
               reply_id=None)
    assert _told(db) == {agent.id: ["attachment"]}


def test_fifty_watchers_are_told_in_one_statement(db, make_user, make_ticket, customer, agent):
    from sqlalchemy import event

    ticket = make_ticket(requester=customer)
    for _ in range(50):
        user, _ = make_user(role=Role.agent)
        watching.add_watcher(db, actor=agent, ticket_id=ticket.id, user_id=user.id)
    inserts = []

    def listen(conn, cursor, statement, *args):
        if "INSERT INTO notifications" in statement:
            inserts.append(statement)
    event.listen(db.get_bind(), "before_cursor_execute", listen)
    try:
        replies.add_reply(db, actor=agent, ticket_id=ticket.id, body="Everyone")
    finally:
        event.remove(db.get_bind(), "before_cursor_execute", listen)
    assert len(inserts) == 1
    told = db.exec(select(Notification).where(Notification.kind == "reply")).all()
    assert len(told) == 51  # 50 watchers and the requester


def test_the_bell_counts_lists_and_marks_read(db, team, agent, admin, customer):
    ticket, _ = team
    for text in ("one", "two", "three"):
        replies.add_reply(db, actor=agent, ticket_id=ticket.id, body=text)
    assert inbox.unread_count(db, actor=customer) == 3
    items, total = inbox.list_notifications(db, actor=customer, unread=True)
    assert total == 3 and items[0].summary == f"{agent.name} replied" and items[0].ticket_number == ticket.number
    inbox.mark_read(db, actor=customer, notification_id=items[0].id)
    assert inbox.unread_count(db, actor=customer) == 2
    from helpdesk_app.services.common.errors import NotFound
    with pytest.raises(NotFound):
        inbox.mark_read(db, actor=admin, notification_id=items[1].id)  # someone else's
    assert inbox.mark_all_read(db, actor=customer) == 2
    assert inbox.unread_count(db, actor=customer) == 0
