"""What the ticket page shows, read through the services in a worker thread, as plain rows.

The services already drop internal notes (and their files and history) for customers, so
neither can reach a customer's browser through the state these rows go into.
"""

from dataclasses import dataclass, field

from sqlmodel import Session

from helpdesk_app.models import TicketPublic
from helpdesk_app.services import tickets
from helpdesk_app.services.attachments import listing
from helpdesk_app.services.attachments.names import EVENT_FIELD, NOTE_EVENT_FIELD
from helpdesk_app.services.conversation.thread import get_thread
from helpdesk_app.services.tags.names import EVENT_FIELD as TAG_EVENT_FIELD
from helpdesk_app.services.identity import users
from helpdesk_app.services.identity.access import Caller
from helpdesk_app.services.notifications import preferences
from helpdesk_app.services.watchers import watching
from helpdesk_app.services.tickets.presenters import tickets_public
from helpdesk_app.services.tickets.requester import Requester, requester_of
from helpdesk_app.state.attachment_rows import attachment_rows
from helpdesk_app.state.display import AttachmentRow, ThreadRow, ago, stamp


@dataclass
class TicketPage:
    ticket: TicketPublic
    thread: list[ThreadRow]
    ticket_files: list[AttachmentRow]
    created: str
    last_activity: str
    requester: Requester
    staff: list = field(default_factory=list)  # (id, name) of who it can be assigned to: agents only
    watchers: list = field(default_factory=list)  # (id, name): agents only
    muted: bool = False


def _event_text(field_name: str, old: str | None, new: str | None) -> str:
    if field_name == TAG_EVENT_FIELD:
        return f"added the tag {new}" if new else f"removed the tag {old}"
    if field_name in (EVENT_FIELD, NOTE_EVENT_FIELD):
        return f"deleted the attachment {old}"
    return f"changed {field_name} from {old or 'none'} to {new or 'none'}"


def read_page(session: Session, actor: Caller, ticket_id: int, *, with_staff: bool = False) -> TicketPage:
    """NotFound for a ticket the actor may not see."""
    found = tickets.get_visible(session, actor=actor, ticket_id=ticket_id)
    ticket = tickets_public(session, [found], actor)[0]
    files, _ = listing.list_for_ticket(session, actor=actor, ticket_id=ticket.id, per_page=100)
    by_reply = attachment_rows(session, actor, found, files)
    rows = []
    for entry in get_thread(session, actor=actor, ticket_id=ticket.id):
        if entry.reply:
            r = entry.reply
            rows.append(ThreadRow(r.id, f"r{r.id}", entry.kind, r.author.name, r.author.role.value, r.body,
                                  stamp(r.created_at), ago(r.created_at), by_reply.get(r.id, [])))
        else:
            e = entry.event
            rows.append(ThreadRow(0, f"e{e.id}", "event", e.actor.name, e.actor.role.value,
                                  _event_text(e.field, e.old_value, e.new_value), stamp(e.created_at),
                                  ago(e.created_at)))
    staff = [(u.id, u.name) for u in users.list_staff(session, actor=actor)] if with_staff and actor.is_staff else []
    watchers = ([(w.id, w.name) for w in watching.list_watchers(session, actor=actor, ticket_id=ticket.id)]
                if actor.is_staff else [])
    return TicketPage(ticket, rows, by_reply.get(0, []), stamp(ticket.created_at), ago(ticket.last_activity_at),
                      requester_of(session, actor=actor, ticket=found), staff, watchers,
                      preferences.is_muted(session, actor=actor, ticket_id=ticket.id))
