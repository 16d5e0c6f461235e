"""User administration (services.users): create, list, role change, deactivation."""

import pytest
from sqlmodel import func, select

from helpdesk_app.models import AuthSession, Role, User
from helpdesk_app.services.identity import access, sessions
from helpdesk_app.services.identity import users
from helpdesk_app.services.common.errors import Conflict, Forbidden, InvalidInput, NotAuthenticated, NotFound
from helpdesk_app.services.identity.passwords import verify_password


def test_an_admin_creates_a_user_with_a_hashed_password(db, admin):
    user = users.create_user(db, actor=admin, email="New.Agent@Example.com ", name=" Nico ", password="s3cret-pass",
                             role="agent")
    db.commit()
    stored = db.get(User, user.id)
    assert (stored.email, stored.name, stored.role, stored.is_active) == ("new.agent@example.com", "Nico", Role.agent,
                                                                          True)
    assert stored.password_hash.startswith("$argon2id$") and "s3cret-pass" not in stored.password_hash
    assert verify_password(stored.password_hash, "s3cret-pass")


@pytest.mark.parametrize("persona", ["agent", "customer"])
def test_only_admins_create_users(db, request, persona):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        users.create_user(db, actor=actor, email="x@example.com", name="X", password="long enough", role="agent")


def test_anonymous_cannot_create_users(db):
    with pytest.raises(NotAuthenticated):
        users.create_user(db, actor=None, email="x@example.com", name="X", password="long enough", role="agent")


@pytest.mark.parametrize(
    ("fields", "bad"),
    [
        ({"email": "nope"}, "email"),
        ({"email": "a@b"}, "email"),
        ({"email": ""}, "email"),
        ({"name": "   "}, "name"),
        ({"name": "n" * 121}, "name"),
        ({"password": "short"}, "password"),
        ({"password": "p" * 1025}, "password"),
        ({"role": "wizard"}, "role"),
    ],
)
def test_create_user_rejects_bad_input(db, admin, fields, bad):
    values = {"email": "ok@example.com", "name": "Okay", "password": "long enough", "role": "customer", **fields}
    with pytest.raises(InvalidInput) as err:
        users.create_user(db, actor=admin, **values)
    assert list(err.value.fields) == [bad]
    assert err.value.fields[bad]


def test_create_user_refuses_a_duplicate_email(db, admin, agent):
    with pytest.raises(Conflict) as err:
        users.create_user(db, actor=admin, email=agent.email.upper(), name="Twin", password="long enough",
                          role="agent")
    assert err.value.fields == {"email": "An account with this email already exists."}


def test_list_users_is_sorted_and_paged(db, admin, agent, customer, other_customer):
    rows, total = users.list_users(db, actor=admin, page=1, per_page=3)
    assert total == 4
    assert [u.name for u in rows] == ["Ada Admin", "Alex Agent", "Carla Customer"]
    rows, total = users.list_users(db, actor=admin, page=2, per_page=3)
    assert [u.name for u in rows] == ["Chris Client"]


@pytest.mark.parametrize(("page", "per_page"), [(0, 10), (1, 0), (1, 101), (-1, 10), (10**18, 50)])
def test_list_users_rejects_bad_paging(db, admin, page, per_page):
    with pytest.raises(InvalidInput) as err:
        users.list_users(db, actor=admin, page=page, per_page=per_page)
    assert err.value.location == "query"


def test_agents_cannot_list_users(db, agent):
    with pytest.raises(Forbidden):
        users.list_users(db, actor=agent)


def test_list_staff_has_active_agents_and_admins_only(db, make_user, admin, agent, customer):
    make_user(role=Role.agent, name="Gone Agent", is_active=False)
    assert [u.name for u in users.list_staff(db, actor=agent)] == ["Ada Admin", "Alex Agent"]
    with pytest.raises(Forbidden):
        users.list_staff(db, actor=customer)


def test_list_customers_has_active_customers_only(db, make_user, agent, customer, other_customer):
    make_user(role=Role.customer, name="Gone Customer", is_active=False)
    assert [u.name for u in users.list_customers(db, actor=agent)] == ["Carla Customer", "Chris Client"]
    with pytest.raises(Forbidden):
        users.list_customers(db, actor=customer)


def test_an_admin_changes_a_role(db, admin, customer):
    users.update_user(db, actor=admin, user_id=customer.id, role="agent")
    db.commit()
    assert db.get(User, customer.id).role == Role.agent


def test_a_role_change_rejects_an_unknown_role(db, admin, customer):
    with pytest.raises(InvalidInput) as err:
        users.update_user(db, actor=admin, user_id=customer.id, role="wizard")
    assert "role" in err.value.fields


def test_updating_an_unknown_user_is_not_found(db, admin):
    with pytest.raises(NotFound):
        users.update_user(db, actor=admin, user_id=987654, role="agent")


def test_agents_cannot_change_roles(db, agent, customer):
    with pytest.raises(Forbidden):
        users.update_user(db, actor=agent, user_id=customer.id, role="admin")


def test_deactivation_ends_every_session_of_that_user(db, admin, agent, customer):
    first = sessions.start_session(db, agent)
    sessions.start_session(db, agent)
    kept = sessions.start_session(db, customer)
    db.commit()
    users.update_user(db, actor=admin, user_id=agent.id, is_active=False)
    db.commit()
    assert db.get(User, agent.id).is_active is False
    assert db.exec(select(func.count()).select_from(AuthSession).where(AuthSession.user_id == agent.id)).one() == 0
    assert access.resolve(db, first.token) is None
    assert access.resolve(db, kept.token) is not None


def test_a_deactivated_user_can_be_reactivated(db, admin, make_user):
    user, _ = make_user(role=Role.agent, is_active=False)
    users.update_user(db, actor=admin, user_id=user.id, is_active=True)
    db.commit()
    assert db.get(User, user.id).is_active is True


def test_the_last_admin_cannot_be_demoted(db, admin):
    with pytest.raises(InvalidInput) as err:
        users.update_user(db, actor=admin, user_id=admin.id, role="agent")
    assert "last active admin" in err.value.fields["role"]
    db.rollback()
    assert db.get(User, admin.id).role == Role.admin


def test_the_last_admin_cannot_be_deactivated(db, admin):
    with pytest.raises(InvalidInput):
        users.update_user(db, actor=admin, user_id=admin.id, is_active=False)


def test_an_inactive_admin_does_not_count_as_another_admin(db, admin, make_user):
    make_user(role=Role.admin, is_active=False)
    with pytest.raises(InvalidInput):
        users.update_user(db, actor=admin, user_id=admin.id, role="customer")


def test_an_admin_may_step_down_when_another_admin_remains(db, admin, make_user):
    other, _ = make_user(role=Role.admin)
    users.update_user(db, actor=admin, user_id=admin.id, role="agent")
    db.commit()
    assert db.get(User, admin.id).role == Role.agent
    # Now `other` is the last one.
    with pytest.raises(InvalidInput):
        users.update_user(db, actor=other, user_id=other.id, is_active=False)


def test_register_user_needs_no_actor(db):
    user = users.register_user(db, email="cli@example.com", name="Cli", password="long enough", role="admin")
    assert user.id and user.role == Role.admin
