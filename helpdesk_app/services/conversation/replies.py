"""Public replies and internal notes: adding one, finding one, listing a ticket's."""

from collections.abc import Sequence

from sqlmodel import Session, func, select

from helpdesk_app.models import Reply, ReplyPublic, Ticket, TicketStatus, utcnow
from helpdesk_app.services.canned import library
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.events import EventType
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.unit_of_work import record, use_case
from helpdesk_app.services.common.validation import paging_error, text_error, valid_id
from helpdesk_app.services.conversation.presenters import replies_public
from helpdesk_app.services.identity.access import TicketView, ticket_view
from helpdesk_app.services.tickets import get_visible, record_change

BODY_MAX = 50_000
# A customer writing back means the ticket needs an agent again.
REOPENED_BY_CUSTOMER = {TicketStatus.pending, TicketStatus.resolved, TicketStatus.closed}


def check_reply(session: Session, *, actor: Actor, ticket_id: int, body: str, internal: bool = False) -> Ticket:
    """The ticket if the actor may add this reply or note to it (NotFound, Forbidden, or InvalidInput on
    `body`): checked before anything is written, so an upload can be refused before its files."""
    action = Action.add_internal_note if internal else Action.reply
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id, action=action)
    error = text_error(body, label="a message", max_length=BODY_MAX)
    if error:
        raise InvalidInput({"body": error})
    return ticket


@use_case
def add_reply(session: Session, *, actor: Actor, ticket_id: int, body: str, internal: bool = False,
              canned_ids: Sequence[int] = ()) -> Reply:
    """`canned_ids`: the canned replies the agent inserted into it, each counted as used once more."""
    ticket = check_reply(session, actor=actor, ticket_id=ticket_id, body=body, internal=internal)
    now = utcnow()
    reply = Reply(ticket_id=ticket.id, author_id=actor.id, body=body.strip(), internal=internal, created_at=now)
    session.add(reply)
    reopens = ticket.status == TicketStatus.new if actor.is_staff else ticket.status in REOPENED_BY_CUSTOMER
    if reopens and not internal:
        record_change(session, ticket, actor=actor, field="status", new=TicketStatus.open)
    ticket.last_activity_at = ticket.updated_at = now
    if actor.is_staff and not internal and ticket.first_response_at is None:
        ticket.first_response_at = now
    session.add(ticket)
    session.flush()
    if canned_ids and actor.is_staff:
        library.count_uses(session, actor=actor, canned_ids=list(canned_ids))
    record(session, EventType.note_added if internal else EventType.reply_added, ticket_id=ticket.id,
           actor_id=actor.id, reply_id=reply.id)
    return reply


def visible_replies(view: TicketView, ticket_id: int):
    """The query of the ticket's replies the viewer may see (notes only for those who see its notes)."""
    query = select(Reply).where(Reply.ticket_id == ticket_id)
    if not view.internal_notes:
        query = query.where(Reply.internal.is_(False))
    return query


def get_visible_reply(session: Session, *, actor: Actor, reply_id: int) -> tuple[Reply, Ticket]:
    """The reply and its ticket, or NotFound for a reply the actor may not see (a note, to a customer)."""
    reply = session.get(Reply, reply_id) if valid_id(reply_id) else None
    require(actor, Action.view_ticket)
    ticket = session.get(Ticket, reply.ticket_id) if reply is not None else None
    view = ticket_view(actor, ticket) if ticket is not None else None
    if view is None or not view.visible or (reply.internal and not view.internal_notes):
        raise NotFound("Reply not found.")
    return reply, ticket


def list_replies(
    session: Session, *, actor: Actor, ticket_id: int, page: int = 1, per_page: int = 50
) -> tuple[list[ReplyPublic], int]:
    ticket = get_visible(session, actor=actor, ticket_id=ticket_id)
    error = paging_error(page, per_page)
    if error:
        raise InvalidInput({"page": error}, location="query")
    query = visible_replies(ticket_view(actor, ticket), ticket_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(Reply.created_at, Reply.id).offset((page - 1) * per_page).limit(per_page)
    ).all()
    return replies_public(session, list(rows)), total
