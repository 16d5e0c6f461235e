"""The tags themselves: find them as you type, create, rename, recolour, describe, merge, delete."""

from dataclasses import dataclass

from sqlalchemy import delete, exists, func, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from helpdesk_app.models import Tag, TagPublic, TicketTag
from helpdesk_app.services.common.errors import Conflict, InvalidInput, NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.validation import paging_error, valid_id
from helpdesk_app.services.tags.names import DEFAULT_COLOR, color_error, description_error, name_error, name_key, tidy

MAX_PER_PAGE = 200


@dataclass
class TagChanges:
    """What to change of a tag; None leaves a field as it is (an empty description clears it)."""

    name: str | None = None
    color: str | None = None
    description: str | None = None


def tag_public(tag: Tag) -> TagPublic:
    return TagPublic(id=tag.id, name=tag.name, color=tag.color, description=tag.description,
                     ticket_count=tag.ticket_count)


def list_tags(session: Session, *, actor: Actor, q: str = "", page: int = 1,
              per_page: int = 50) -> tuple[list[TagPublic], int]:
    """Tags whose name starts with `q` (any case), most used first: autocomplete and the admin list."""
    require(actor, Action.view_tags)
    if error := paging_error(page, per_page, max_per_page=MAX_PER_PAGE):
        raise InvalidInput({"page": error}, location="query")
    if "\x00" in q:
        raise InvalidInput({"q": "Remove the NUL character."}, location="query")
    where = []
    if key := name_key(q):
        # A range on the unique index: a prefix search that needs no LIKE and no scan.
        where = [Tag.name_key >= key, Tag.name_key < key + "\U0010ffff"]
    query = select(Tag).where(*where).order_by(Tag.ticket_count.desc(), Tag.name_key, Tag.id)
    rows = session.exec(query.offset((page - 1) * per_page).limit(per_page)).all()
    total = (page - 1) * per_page + len(rows) if len(rows) < per_page else session.exec(
        select(func.count()).select_from(Tag).where(*where)).one()
    return [tag_public(t) for t in rows], total


def get_tag(session: Session, *, actor: Actor, tag_id: int) -> Tag:
    require(actor, Action.view_tags)
    tag = session.get(Tag, tag_id) if valid_id(tag_id) else None
    if tag is None:
        raise NotFound("Tag not found.")
    return tag


def find_by_name(session: Session, name: str) -> Tag | None:
    return session.exec(select(Tag).where(Tag.name_key == name_key(name))).first()


def _checked(name: str | None, color: str | None, description: str | None) -> None:
    errors = {field: message for field, message in (
        ("name", name_error(name) if name is not None else None),
        ("color", color_error(color) if color is not None else None),
        ("description", description_error(description)),
    ) if message}
    if errors:
        raise InvalidInput(errors)


def _insert(session: Session, tag: Tag) -> Tag | None:
    """The new tag, or None if one of the same name got there first (another transaction). ON CONFLICT
    DO NOTHING rather than a savepoint: pysqlite's savepoints can end the use case's transaction early."""
    insert = postgresql.insert if session.get_bind().dialect.name == "postgresql" else sqlite.insert
    values = {c: getattr(tag, c) for c in ("name", "name_key", "color", "description", "ticket_count", "created_at")}
    made = session.execute(insert(Tag).values(**values).on_conflict_do_nothing(index_elements=["name_key"])
                           .returning(Tag.id)).scalar_one_or_none()
    return session.get(Tag, made) if made is not None else None


def find_or_create(session: Session, *, actor: Actor, name: str) -> Tag:
    """The tag of that name, whatever its case ("billing" is "Billing"), made if there is none and
    the actor may create tags (in the caller's use case)."""
    _checked(name, None, None)
    found = find_by_name(session, name)
    if found is not None:
        return found
    require(actor, Action.create_tag)
    made = _insert(session, Tag(name=tidy(name), name_key=name_key(name), color=DEFAULT_COLOR))
    return made if made is not None else find_by_name(session, name)


@use_case
def create_tag(session: Session, *, actor: Actor, name: str, color: str = DEFAULT_COLOR,
               description: str | None = None) -> Tag:
    require(actor, Action.create_tag)
    _checked(name, color, description)
    if (taken := find_by_name(session, name)) is not None:
        raise Conflict({"name": f"There is already a tag named {taken.name!r}."})
    tag = _insert(session, Tag(name=tidy(name), name_key=name_key(name), color=color,
                               description=description.strip() or None if description else None))
    if tag is None:
        raise Conflict({"name": "There is already a tag with that name."})
    record(session, EventType.tag_changed, actor_id=actor.id, tag_id=tag.id, created=True)
    return tag


@use_case
def update_tag(session: Session, *, actor: Actor, tag_id: int, changes: TagChanges) -> Tag:
    tag = get_tag(session, actor=actor, tag_id=tag_id)
    require(actor, Action.manage_tags)
    _checked(changes.name, changes.color, changes.description)
    changed = {}
    if changes.name is not None and tidy(changes.name) != tag.name:
        other = find_by_name(session, changes.name)
        if other is not None and other.id != tag.id:
            raise Conflict({"name": f"There is already a tag named {other.name!r}: merge into it instead."})
        tag.name, tag.name_key, changed["name"] = tidy(changes.name), name_key(changes.name), tidy(changes.name)
    if changes.color is not None and changes.color != tag.color:
        tag.color = changed["color"] = changes.color
    if changes.description is not None:
        tag.description = changed["description"] = changes.description.strip() or None
    if changed:
        session.add(tag)
        session.flush()
        record(session, EventType.tag_changed, actor_id=actor.id, tag_id=tag.id, **changed)
    return tag


@use_case
def merge_tag(session: Session, *, actor: Actor, tag_id: int, into_id: int) -> Tag:
    """Every ticket with `tag_id` gets `into_id` instead (once), and `tag_id` is gone."""
    source = get_tag(session, actor=actor, tag_id=tag_id)
    require(actor, Action.manage_tags)
    if into_id == tag_id:
        raise InvalidInput({"into_id": "Choose another tag: a tag cannot be merged into itself."})
    target = session.get(Tag, into_id) if valid_id(into_id) else None
    if target is None:
        raise InvalidInput({"into_id": "Choose an existing tag."})
    moved = session.execute(
        update(TicketTag).where(TicketTag.tag_id == source.id).where(~_has(target.id)).values(tag_id=target.id)
    ).rowcount
    session.execute(delete(TicketTag).where(TicketTag.tag_id == source.id))
    target.ticket_count = session.exec(
        select(func.count()).select_from(TicketTag).where(TicketTag.tag_id == target.id)).one()
    session.add(target)
    session.delete(source)
    session.flush()
    record(session, EventType.tag_merged, actor_id=actor.id, tag_id=tag_id, into_id=target.id, tickets=moved)
    return target


def _has(tag_id: int):
    """The ticket of the row being updated already carries `tag_id`."""
    other = TicketTag.__table__.alias("other")
    return exists().where(other.c.ticket_id == TicketTag.ticket_id, other.c.tag_id == tag_id)


@use_case
def delete_tag(session: Session, *, actor: Actor, tag_id: int) -> None:
    tag = get_tag(session, actor=actor, tag_id=tag_id)
    require(actor, Action.manage_tags)
    count = session.execute(delete(TicketTag).where(TicketTag.tag_id == tag.id)).rowcount
    session.delete(tag)
    session.flush()
    record(session, EventType.tag_deleted, actor_id=actor.id, tag_id=tag_id, name=tag.name, tickets=count)
