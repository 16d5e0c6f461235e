"""Canned replies: an agent's own (personal) and everyone's (shared, kept by admins).

An agent sees the shared ones and their own; another agent's personal ones are NotFound to them
(admins included: personal means personal). Customers are told none exist.
"""

from sqlalchemy import func, or_, update
from sqlmodel import Session, select

from helpdesk_app.models import CannedReply, CannedReplyPublic, CannedScope, utcnow
from helpdesk_app.models.canned_reply import CANNED_BODY_MAX, CANNED_TITLE_MAX
from helpdesk_app.services.canned import template
from helpdesk_app.services.canned.variables import values_for
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import use_case
from helpdesk_app.services.common.validation import paging_error, text_error, valid_id
from helpdesk_app.services.tickets import get_visible

MAX_PER_PAGE = 100
MAX_SEARCH = 200


def canned_public(canned: CannedReply) -> CannedReplyPublic:
    scope = CannedScope.shared if canned.owner_id is None else CannedScope.personal
    return CannedReplyPublic(id=canned.id, title=canned.title, body=canned.body, scope=scope,
                             usage_count=canned.usage_count, created_at=canned.created_at,
                             updated_at=canned.updated_at)


def _visible(actor: Actor):
    return or_(CannedReply.owner_id.is_(None), CannedReply.owner_id == actor.id)


def _like(q: str) -> str:
    escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def list_canned(session: Session, *, actor: Actor, q: str = "", scope: str | None = None, page: int = 1,
                per_page: int = 25) -> tuple[list[CannedReplyPublic], int]:
    """The actor's own first, then the shared ones, by title; `q` searches title and body, any case;
    `scope` (personal or shared) keeps to one kind."""
    require(actor, Action.use_canned_replies)
    if error := paging_error(page, per_page, max_per_page=MAX_PER_PAGE):
        raise InvalidInput({"page": error}, location="query")
    if "\x00" in q or len(q) > MAX_SEARCH:
        raise InvalidInput({"q": f"Use at most {MAX_SEARCH} characters, without NUL."}, location="query")
    if scope and scope not in set(CannedScope):
        raise InvalidInput({"scope": f"Use one of: {', '.join(CannedScope)}."}, location="query")
    where = [_visible(actor)]
    if scope == CannedScope.shared:
        where.append(CannedReply.owner_id.is_(None))
    elif scope == CannedScope.personal:
        where.append(CannedReply.owner_id == actor.id)
    if q.strip():
        pattern = _like(q.strip())
        where.append(or_(CannedReply.title.ilike(pattern, escape="\\"), CannedReply.body.ilike(pattern, escape="\\")))
    query = select(CannedReply).where(*where).order_by(CannedReply.owner_id.is_(None), CannedReply.title,
                                                       CannedReply.id)
    rows = session.exec(query.offset((page - 1) * per_page).limit(per_page)).all()
    total = (page - 1) * per_page + len(rows) if 0 < len(rows) < per_page or (page == 1 and not rows) else \
        session.exec(select(func.count()).select_from(CannedReply).where(*where)).one()
    return [canned_public(c) for c in rows], total


def get_canned(session: Session, *, actor: Actor, canned_id: int) -> CannedReply:
    require(actor, Action.use_canned_replies)
    canned = session.get(CannedReply, canned_id) if valid_id(canned_id) else None
    if canned is None or canned.owner_id not in (None, actor.id):
        raise NotFound("Canned reply not found.")
    return canned


def _checked(title: str | None, body: str | None) -> None:
    errors = {}
    if title is not None and (message := text_error(title, label="a title", max_length=CANNED_TITLE_MAX)):
        errors["title"] = message
    if body is not None:
        if message := text_error(body, label="the text", max_length=CANNED_BODY_MAX):
            errors["body"] = message
        else:
            try:
                template.check(body)
            except template.TemplateProblem as problem:
                errors["body"] = str(problem)
    if errors:
        raise InvalidInput(errors)


@use_case
def create_canned(session: Session, *, actor: Actor, title: str, body: str,
                  scope: CannedScope = CannedScope.personal) -> CannedReply:
    require(actor, Action.use_canned_replies)
    owner_id = actor.id if scope == CannedScope.personal else None
    require(actor, Action.edit_canned_reply, owner_id=owner_id)
    _checked(title, body)
    now = utcnow()
    canned = CannedReply(title=title.strip(), body=body, owner_id=owner_id, created_by_id=actor.id,
                         created_at=now, updated_at=now)
    session.add(canned)
    session.flush()
    return canned


@use_case
def update_canned(session: Session, *, actor: Actor, canned_id: int, title: str | None = None,
                  body: str | None = None) -> CannedReply:
    canned = get_canned(session, actor=actor, canned_id=canned_id)
    require(actor, Action.edit_canned_reply, owner_id=canned.owner_id)
    _checked(title, body)
    if title is not None:
        canned.title = title.strip()
    if body is not None:
        canned.body = body
    canned.updated_at = utcnow()
    session.add(canned)
    session.flush()
    return canned


@use_case
def delete_canned(session: Session, *, actor: Actor, canned_id: int) -> None:
    canned = get_canned(session, actor=actor, canned_id=canned_id)
    require(actor, Action.edit_canned_reply, owner_id=canned.owner_id)
    session.delete(canned)
    session.flush()


@use_case
def copy_canned(session: Session, *, actor: Actor, canned_id: int) -> CannedReply:
    """A personal copy of a canned reply the actor can see (a shared one, to make it their own)."""
    source = get_canned(session, actor=actor, canned_id=canned_id)
    return create_canned(session, actor=actor, title=source.title, body=source.body, scope=CannedScope.personal)


def render_for_ticket(session: Session, *, actor: Actor, canned_id: int, ticket_id: int | None) -> str:
    """The text as it would be inserted on that ticket (None: a preview without one)."""
    canned = get_canned(session, actor=actor, canned_id=canned_id)
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id) if ticket_id is not None else None
    return template.render(canned.body, values_for(session, agent=actor, ticket=ticket))


def render_each(session: Session, *, actor: Actor, items: list[CannedReplyPublic], ticket_id: int) -> dict[int, str]:
    """Each of `items` (already listed for the actor) as it would be inserted on that ticket: the
    ticket and its requester are read once for all of them (the composer's picker)."""
    require(actor, Action.use_canned_replies)
    values = values_for(session, agent=actor, ticket=get_visible(session, actor=actor, ticket_id=ticket_id))
    return {c.id: template.render(c.body, values) for c in items}


def preview(session: Session, *, actor: Actor, body: str, ticket_id: int | None = None) -> str:
    """A body being written, rendered as it would be (the page's live preview)."""
    require(actor, Action.use_canned_replies)
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id) if ticket_id is not None else None
    return template.render(body, values_for(session, agent=actor, ticket=ticket))


def count_uses(session: Session, *, actor: Actor, canned_ids: list[int]) -> None:
    """A reply that used these was sent (in the reply's use case): count each the actor can see, once."""
    wanted = {i for i in canned_ids if valid_id(i)}
    if wanted:
        session.execute(update(CannedReply).where(CannedReply.id.in_(wanted), _visible(actor))
                        .values(usage_count=CannedReply.usage_count + 1).execution_options(synchronize_session=False))
