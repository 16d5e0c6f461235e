"""Attachments: which ones an actor sees, finding and listing them, and their public shape."""

from sqlalchemy import bindparam
from sqlmodel import Session, func, select

from helpdesk_app.models import Attachment, AttachmentPublic, Reply, Ticket, User, UserRef
from helpdesk_app.services.attachments.names import download_url
from helpdesk_app.services.common.errors import InvalidInput, NotFound
from helpdesk_app.services.common.policy import Action, Actor, require
from helpdesk_app.services.common.presenters import user_refs
from helpdesk_app.services.common.validation import paging_error, valid_id
from helpdesk_app.services.conversation.replies import get_visible_reply
from helpdesk_app.services.identity.access import TicketView, ticket_view
from helpdesk_app.services.tickets import get_visible


def _narrowed(query, view: TicketView):
    query = query.outerjoin(Reply, Reply.id == Attachment.reply_id)
    if not view.deleted_files:
        query = query.where(Attachment.deleted_at.is_(None))
    if not view.internal_notes:
        query = query.where((Attachment.reply_id.is_(None)) | (Reply.internal.is_(False)))
    return query


def may_see(view: TicketView, attachment: Attachment, in_internal_note: bool) -> bool:
    """_narrowed's rule for one attachment already loaded, its ticket's view at hand."""
    return view.visible and (view.deleted_files or attachment.deleted_at is None) and (
        view.internal_notes or not in_internal_note)


# The attachment, its ticket and whether it belongs to an internal note, in one query; built once.
_WITH_TICKET = (select(Attachment, Ticket, Reply.internal).join(Ticket, Ticket.id == Attachment.ticket_id)
                .outerjoin(Reply, Reply.id == Attachment.reply_id).where(Attachment.id == bindparam("attachment_id")))


def get_visible_attachment(session: Session, *, actor: Actor, attachment_id: int) -> tuple[Attachment, Ticket]:
    """The attachment and its ticket, or NotFound for anything the actor may not see."""
    require(actor, Action.view_ticket)
    found = session.exec(_WITH_TICKET, params={"attachment_id": attachment_id}).first() \
        if valid_id(attachment_id) else None
    if found is None or not may_see(ticket_view(actor, found[1]), found[0], bool(found[2])):
        raise NotFound("Attachment not found.")
    return found[0], found[1]


def _page(session: Session, query, page: int, per_page: int) -> tuple[list[Attachment], int]:
    error = paging_error(page, per_page)
    if error:
        raise InvalidInput({"page": error}, location="query")
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(query.order_by(Attachment.created_at, Attachment.id)
                        .offset((page - 1) * per_page).limit(per_page)).all()
    return list(rows), total


def list_for_ticket(session: Session, *, actor: Actor, ticket_id: int, page: int = 1, per_page: int = 50):
    """Every attachment of the ticket the actor may see, the ticket's own and its replies'."""
    view = ticket_view(actor, get_visible(session, actor=actor, ticket_id=ticket_id))
    return _page(session, _narrowed(select(Attachment), view).where(Attachment.ticket_id == ticket_id), page,
                 per_page)


def list_for_reply(session: Session, *, actor: Actor, reply_id: int, page: int = 1, per_page: int = 50):
    _, ticket = get_visible_reply(session, actor=actor, reply_id=reply_id)
    return _page(session, _narrowed(select(Attachment), ticket_view(actor, ticket))
                 .where(Attachment.reply_id == reply_id), page, per_page)


def attachments_public(session: Session, rows: list[Attachment], *,
                       uploader: User | None = None) -> list[AttachmentPublic]:
    """`uploader`: who uploaded all of `rows`, when the caller knows (saves a query)."""
    if uploader is not None:
        refs = {uploader.id: UserRef(id=uploader.id, name=uploader.name, role=uploader.role)}
    else:
        refs = user_refs(session, [a.uploaded_by_id for a in rows])
    return [
        AttachmentPublic(
            **a.model_dump(include=set(AttachmentPublic.model_fields) - {"uploaded_by", "download_url"}),
            uploaded_by=refs[a.uploaded_by_id], download_url=download_url(a.id),
        )
        for a in rows
    ]
