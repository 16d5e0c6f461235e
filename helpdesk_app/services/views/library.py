"""Saved views: listing, making, changing and deleting them, and each agent's default.

An agent sees the built-in and shared views and their own; another agent's personal views are
NotFound to them (admins included: personal means personal). Customers are told none exist.
"""

from sqlalchemy import delete, or_
from sqlmodel import Session, select

from helpdesk_app.models import DefaultView, SavedView, ViewPublic, ViewScope, utcnow
from helpdesk_app.services.common.errors import Conflict, NotFound
from helpdesk_app.services.common.policy import Action, Actor, can, require
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.services.common.validation import valid_id
from helpdesk_app.services.views.builtin import ensure_builtin
from helpdesk_app.services.views.checks import checked_filter, checked_name, checked_position

_UNSET = object()


def scope_of(view: SavedView) -> ViewScope:
    if view.builtin:
        return ViewScope.builtin
    return ViewScope.shared if view.owner_id is None else ViewScope.personal


def view_public(view: SavedView, default_id: int | None) -> ViewPublic:
    return ViewPublic(id=view.id, name=view.name, scope=scope_of(view), filter=dict(view.filter),
                      position=view.position, is_default=view.id == default_id, created_at=view.created_at,
                      updated_at=view.updated_at)


def _default_id(session: Session, actor: Actor) -> int | None:
    return session.exec(select(DefaultView.view_id).where(DefaultView.user_id == actor.id)).first()


@use_case
def list_views(session: Session, *, actor: Actor) -> tuple[list[SavedView], int | None]:
    """The built-in and shared views in their order, then the actor's own in theirs; and the id of
    the actor's default view (None: the first)."""
    require(actor, Action.use_views)
    query = (select(SavedView).where(or_(SavedView.owner_id.is_(None), SavedView.owner_id == actor.id))
             .order_by(SavedView.owner_id.is_not(None), SavedView.position, SavedView.id))
    views = list(session.exec(query).all())
    if ensure_builtin(session, {v.builtin for v in views if v.builtin}):
        views = list(session.exec(query).all())
    return views, _default_id(session, actor)


def get_view(session: Session, *, actor: Actor, view_id: int) -> SavedView:
    require(actor, Action.use_views)
    view = session.get(SavedView, view_id) if valid_id(view_id) else None
    if view is None or view.owner_id not in (None, actor.id):
        raise NotFound("View not found.")
    return view


def default_view(session: Session, *, actor: Actor) -> SavedView | None:
    """The view the actor's /tickets opens with; None when they chose none (or are no agent)."""
    if not can(actor, Action.use_views):
        return None
    return session.exec(select(SavedView).join(DefaultView, DefaultView.view_id == SavedView.id)
                        .where(DefaultView.user_id == actor.id)).first()


def is_default(session: Session, actor: Actor, view: SavedView) -> bool:
    return _default_id(session, actor) == view.id


@use_case
def create_view(session: Session, *, actor: Actor, name: str, filter: object, shared: bool = False,
                position: int | None = None) -> SavedView:
    require(actor, Action.use_views)
    owner_id = None if shared else actor.id
    require(actor, Action.edit_view, owner_id=owner_id)
    name, kept = checked_name(name), checked_filter(session, actor, filter)
    if position is None:  # at the end of its group
        last = session.exec(select(SavedView.position).where(
            SavedView.owner_id.is_(None) if shared else SavedView.owner_id == actor.id,
        ).order_by(SavedView.position.desc())).first()
        position = max(0, (last if last is not None else -1) + 1)
    now = utcnow()
    view = SavedView(name=name, owner_id=owner_id, filter=kept, position=checked_position(position),
                     created_at=now, updated_at=now)
    session.add(view)
    session.flush()
    return view


@use_case
def update_view(session: Session, *, actor: Actor, view_id: int, name: str | None = None, filter: object = _UNSET,
                position: int | None = None, make_default: bool | None = None) -> SavedView:
    """Name, filter and position are its owner's to change (an admin's, for a shared or built-in view);
    `make_default` is the actor's own choice, on any view they see."""
    view = get_view(session, actor=actor, view_id=view_id)
    if name is not None or filter is not _UNSET or position is not None:
        require(actor, Action.edit_view, owner_id=view.owner_id)
        if name is not None:
            view.name = checked_name(name)
        if filter is not _UNSET:
            view.filter = checked_filter(session, actor, filter)
        if position is not None:
            view.position = checked_position(position)
        view.updated_at = utcnow()
        session.add(view)
    if make_default is not None:
        session.exec(delete(DefaultView).where(DefaultView.user_id == actor.id))
        if make_default:
            session.add(DefaultView(user_id=actor.id, view_id=view.id))
    session.flush()
    return view


@use_case
def move_view(session: Session, *, actor: Actor, view_id: int, step: int) -> SavedView:
    """One place up (step -1) or down (+1) among its kind (built-in and shared, or the owner's own):
    the two views trade places, so the order stays whole however it was set."""
    view = get_view(session, actor=actor, view_id=view_id)
    require(actor, Action.edit_view, owner_id=view.owner_id)
    group = list(session.exec(select(SavedView).where(
        SavedView.owner_id.is_(None) if view.owner_id is None else SavedView.owner_id == view.owner_id)
        .order_by(SavedView.position, SavedView.id)).all())
    at = group.index(view)
    other = at + (1 if step > 0 else -1)
    if 0 <= other < len(group):
        for place, item in enumerate(group):  # positions made distinct first, then the two swapped
            item.position = place - len(group)
        group[at].position, group[other].position = group[other].position, group[at].position
        for item in group:
            session.add(item)
        session.flush()
    return view


@use_case
def delete_view(session: Session, *, actor: Actor, view_id: int) -> None:
    view = get_view(session, actor=actor, view_id=view_id)
    require(actor, Action.edit_view, owner_id=view.owner_id)
    if view.builtin:
        raise Conflict({"view": "A built-in view cannot be deleted; rename or edit it instead."})
    session.exec(delete(DefaultView).where(DefaultView.view_id == view.id))
    session.delete(view)
    session.flush()
