"""Who may do what: the one place access rules live.

Every service asks `require()` (or `can()`); routes and Reflex states never
decide access themselves. tests/services/common/test_policy.py walks every persona through
every action, so an action without a rule fails a test.
"""

import enum
from typing import Protocol

from helpdesk_app.config import get_settings
from helpdesk_app.models import Role
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated, NotFound


class Actor(Protocol):
    """Who acts, as the rules see them: a User, or a stand-in with just these fields (a lookup
    that reads them as plain columns: building a User costs more than the rules do)."""

    id: int | None
    role: Role
    is_active: bool


class OnTicket(Protocol):
    """The ticket acted on, as the rules see it: a Ticket, or a stand-in with this field."""

    requester_id: int


class Action(enum.StrEnum):
    view_ticket = "view_ticket"
    view_all_tickets = "view_all_tickets"
    create_ticket = "create_ticket"
    create_ticket_for_customer = "create_ticket_for_customer"
    update_ticket = "update_ticket"
    reply = "reply"
    add_internal_note = "add_internal_note"
    view_internal_notes = "view_internal_notes"
    list_staff = "list_staff"
    manage_users = "manage_users"
    add_attachment = "add_attachment"  # to a reply: judged with its author as owner_id
    delete_attachment = "delete_attachment"  # judged with the uploader as owner_id
    view_deleted_attachments = "view_deleted_attachments"
    view_tags = "view_tags"  # tags are internal: customers are told they do not exist
    tag_ticket = "tag_ticket"  # add or remove a tag on a ticket
    create_tag = "create_tag"  # agents too, unless HELPDESK_TAGS_AGENTS_CREATE=false
    manage_tags = "manage_tags"  # rename, recolour, describe, merge, delete
    use_canned_replies = "use_canned_replies"  # list, render, and keep personal ones
    edit_canned_reply = "edit_canned_reply"  # judged with its owner as owner_id; None: a shared one


# Actions a customer is never told exist: refused as NotFound, not Forbidden.
HIDDEN_FROM_CUSTOMERS = {Action.view_tags, Action.tag_ticket, Action.create_tag, Action.manage_tags,
                         Action.use_canned_replies, Action.edit_canned_reply}


# Actions judged without a particular ticket.
GLOBAL_ACTIONS = {
    Action.view_all_tickets, Action.create_ticket, Action.create_ticket_for_customer, Action.list_staff,
    Action.manage_users, Action.view_internal_notes, Action.view_deleted_attachments, Action.view_tags,
    Action.create_tag, Action.manage_tags, Action.use_canned_replies, Action.edit_canned_reply,
}
_ADMIN_ONLY = (Action.manage_users, Action.view_deleted_attachments, Action.manage_tags)


def can(actor: Actor | None, action: Action, ticket: OnTicket | None = None, *, owner_id: int | None = None) -> bool:
    """`owner_id` is who made the thing acted on (an attachment's uploader)."""
    if actor is None or not actor.is_active:
        return False
    if action == Action.edit_canned_reply and owner_id is not None:
        return actor.role != Role.customer and owner_id == actor.id  # a personal one: its owner's alone
    if actor.role == Role.admin:
        return True
    if actor.role == Role.agent:
        if action == Action.create_tag:
            return get_settings().tags_agents_create
        return action not in (*_ADMIN_ONLY, Action.edit_canned_reply)
    # Customers: only their own tickets, only public conversation.
    if action == Action.create_ticket:
        return True
    if action == Action.view_ticket and ticket is None:
        return True  # tickets in general: lists and look-ups narrow it to their own
    own_ticket = ticket is not None and ticket.requester_id == actor.id
    if action in (Action.view_ticket, Action.reply):
        return own_ticket
    if action == Action.add_attachment:  # to the ticket, or (owner_id) to a reply of their own
        return own_ticket and owner_id in (None, actor.id)
    if action == Action.delete_attachment:
        return own_ticket and owner_id == actor.id
    return False


def require(actor: Actor | None, action: Action, ticket: OnTicket | None = None, *,
            owner_id: int | None = None) -> None:
    """Raise unless the actor may act. A ticket the actor cannot see is NotFound, not Forbidden."""
    if actor is None:
        raise NotAuthenticated()
    if ticket is not None and not can(actor, Action.view_ticket, ticket):
        raise NotFound("Ticket not found.")
    if action in HIDDEN_FROM_CUSTOMERS and actor.role == Role.customer:
        raise NotFound("Not found.")
    if not can(actor, action, ticket, owner_id=owner_id):
        raise Forbidden("You are not allowed to do that.")
