"""The permission matrix: every persona through every action (services.policy).

The expected table is written out by hand. A new Action without a row here fails
`test_every_action_has_a_row`, so nobody can add an action without deciding who may do it.
"""

import pytest

from helpdesk_app.models import Role, Ticket, User
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated, NotFound
from helpdesk_app.services.common.policy import GLOBAL_ACTIONS, Action, can, require

PERSONAS = ["admin", "agent", "customer", "other_customer", "anonymous", "inactive"]

OK, DENY, HIDDEN, ANON = "ok", "forbidden", "not found", "not signed in"

# Columns follow PERSONAS. Ticket actions are judged on a ticket that `customer` requested.
# "customer" is the requester; "inactive" is a deactivated agent (who would otherwise be allowed).
EXPECTED: dict[Action, tuple[str, ...]] = {
    #                                  admin agent customer other_customer anonymous inactive
    Action.view_ticket:                 (OK, OK, OK, HIDDEN, ANON, HIDDEN),
    Action.view_all_tickets:            (OK, OK, DENY, DENY, ANON, DENY),
    Action.create_ticket:               (OK, OK, OK, OK, ANON, DENY),
    Action.create_ticket_for_customer:  (OK, OK, DENY, DENY, ANON, DENY),
    Action.update_ticket:               (OK, OK, DENY, HIDDEN, ANON, HIDDEN),
    Action.reply:                       (OK, OK, OK, HIDDEN, ANON, HIDDEN),
    Action.add_internal_note:           (OK, OK, DENY, HIDDEN, ANON, HIDDEN),
    Action.view_internal_notes:         (OK, OK, DENY, DENY, ANON, DENY),
    Action.list_staff:                  (OK, OK, DENY, DENY, ANON, DENY),
    Action.manage_users:                (OK, DENY, DENY, DENY, ANON, DENY),
    Action.add_attachment:              (OK, OK, OK, HIDDEN, ANON, HIDDEN),
    # Judged on an attachment the requesting customer uploaded.
    Action.delete_attachment:           (OK, OK, OK, HIDDEN, ANON, HIDDEN),
    Action.view_deleted_attachments:    (OK, DENY, DENY, DENY, ANON, DENY),
    # Tags and canned replies are internal: a customer is told they do not exist.
    Action.view_tags:                   (OK, OK, HIDDEN, HIDDEN, ANON, DENY),
    Action.tag_ticket:                  (OK, OK, HIDDEN, HIDDEN, ANON, HIDDEN),
    Action.create_tag:                  (OK, OK, HIDDEN, HIDDEN, ANON, DENY),
    Action.manage_tags:                 (OK, DENY, HIDDEN, HIDDEN, ANON, DENY),
    Action.use_canned_replies:          (OK, OK, HIDDEN, HIDDEN, ANON, DENY),
    # Judged on a shared canned reply (owner_id None); a personal one is its owner's alone (below).
    Action.edit_canned_reply:           (OK, DENY, HIDDEN, HIDDEN, ANON, DENY),
    # Watchers are agents: customers are told watchers do not exist.
    Action.watch_ticket:                (OK, OK, HIDDEN, HIDDEN, ANON, HIDDEN),
    # Anyone who sees the ticket may stop hearing of it.
    Action.mute_ticket:                 (OK, OK, OK, HIDDEN, ANON, HIDDEN),
    Action.manage_outbox:               (OK, DENY, DENY, DENY, ANON, DENY),
    # Saved views are the agents' workspace: a customer is told they do not exist.
    Action.use_views:                   (OK, OK, HIDDEN, HIDDEN, ANON, DENY),
    # Judged on a shared view (owner_id None); a personal one is its owner's alone (below).
    Action.edit_view:                   (OK, DENY, HIDDEN, HIDDEN, ANON, DENY),
    Action.bulk_edit:                   (OK, OK, DENY, DENY, ANON, DENY),
}
OWNERLESS = {Action.edit_canned_reply, Action.edit_view}

# "May this persona look at tickets at all?" (view_ticket without a ticket: the list, a look-up by id).
EXPECTED_BROWSE = dict(zip(PERSONAS, (OK, OK, OK, OK, ANON, DENY), strict=True))

TICKET_ACTIONS = {
    Action.view_ticket, Action.update_ticket, Action.reply, Action.add_internal_note, Action.add_attachment,
    Action.delete_attachment, Action.tag_ticket, Action.watch_ticket, Action.mute_ticket,
}
CUSTOMER_ID = 3


def _personas() -> dict[str, User | None]:
    def user(uid: int, role: Role, active: bool = True) -> User:
        return User(id=uid, email=f"u{uid}@example.com", name=f"U{uid}", role=role, is_active=active,
                    password_hash="x")

    return {
        "admin": user(1, Role.admin),
        "agent": user(2, Role.agent),
        "customer": user(3, Role.customer),
        "other_customer": user(4, Role.customer),
        "anonymous": None,
        "inactive": user(5, Role.agent, active=False),
    }


def _ticket() -> Ticket:
    return Ticket(id=10, number=1001, subject="s", description="d", requester_id=3, created_by_id=3)


def _outcome(actor, action, ticket, owner_id=CUSTOMER_ID) -> str:
    try:
        require(actor, action, ticket, owner_id=owner_id)
    except NotAuthenticated:
        return ANON
    except NotFound:
        return HIDDEN
    except Forbidden:
        return DENY
    return OK


def test_every_action_has_a_row():
    assert set(EXPECTED) == set(Action), f"no expected row for: {set(Action) - set(EXPECTED)}"
    assert all(len(row) == len(PERSONAS) for row in EXPECTED.values())


def test_every_action_is_either_global_or_about_a_ticket():
    assert set(Action) == GLOBAL_ACTIONS | TICKET_ACTIONS
    assert not GLOBAL_ACTIONS & TICKET_ACTIONS


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("action", list(Action))
def test_the_matrix(persona, action):
    actor = _personas()[persona]
    ticket = _ticket() if action in TICKET_ACTIONS else None
    expected = EXPECTED[action][PERSONAS.index(persona)]
    owner_id = None if action in OWNERLESS else CUSTOMER_ID
    assert _outcome(actor, action, ticket, owner_id) == expected
    # can() is the yes/no form of the same rule.
    assert can(actor, action, ticket, owner_id=owner_id) is (expected == OK)


def test_a_customer_cannot_delete_what_an_agent_attached_to_their_ticket():
    customer = _personas()["customer"]
    assert _outcome(customer, Action.delete_attachment, _ticket(), owner_id=2) == DENY
    assert _outcome(_personas()["agent"], Action.delete_attachment, _ticket(), owner_id=3) == OK


@pytest.mark.parametrize(("persona", "owner", "expected"), [
    ("agent", "agent", OK), ("agent", "admin", DENY), ("admin", "admin", OK), ("admin", "agent", DENY),
    ("customer", "customer", HIDDEN), ("inactive", "inactive", DENY),
])
@pytest.mark.parametrize("action", [Action.edit_canned_reply, Action.edit_view])
def test_a_personal_canned_reply_or_view_is_its_owners_alone(persona, owner, expected, action):
    people = _personas()
    assert _outcome(people[persona], action, None, owner_id=people[owner].id) == expected


def test_with_agents_creating_tags_off_only_admins_create_them(settings_override):
    settings_override(tags_agents_create=False)
    assert _outcome(_personas()["agent"], Action.create_tag, None) == DENY
    assert _outcome(_personas()["admin"], Action.create_tag, None) == OK


@pytest.mark.parametrize("persona", PERSONAS)
def test_browsing_tickets_in_general(persona):
    actor = _personas()[persona]
    assert _outcome(actor, Action.view_ticket, None) == EXPECTED_BROWSE[persona]


@pytest.mark.parametrize("action", sorted(TICKET_ACTIONS))
def test_ticket_actions_need_a_ticket_for_customers(action):
    # Without a ticket a customer may only "look at tickets" in general, never act on one.
    expected = action == Action.view_ticket
    assert can(_personas()["customer"], action, None) is expected


@pytest.mark.parametrize(("source", "verified", "expected"), [
    ("web", False, OK), ("web", True, OK), ("mail", False, HIDDEN), ("mail", True, OK),
])
def test_a_mailed_in_ticket_is_its_requesters_once_their_address_is_verified(source, verified, expected):
    from datetime import UTC, datetime

    customer = _personas()["customer"]
    customer.email_verified_at = datetime.now(UTC) if verified else None
    ticket = _ticket()
    ticket.source = source
    for action in (Action.view_ticket, Action.reply, Action.mute_ticket):
        assert _outcome(customer, action, ticket) == expected
    assert _outcome(_personas()["agent"], Action.view_ticket, ticket) == OK
