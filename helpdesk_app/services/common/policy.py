"""Who may do what: the one place access rules live.

Every service asks `require()` (or `can()`); routes and Reflex states never
decide access themselves. tests/services/common/test_policy.py walks every persona through
every action, so an action without a rule fails a test.
"""

import enum
from typing import Protocol

from helpdesk_app.config import get_settings
from helpdesk_app.models import Role, TicketSource
from helpdesk_app.services.common.errors import Forbidden, NotAuthenticated, NotFound


class Actor(Protocol):
    """Who acts, as the rules see them: a User, or a stand-in with just these fields (a lookup
    that reads them as plain columns: building a User costs more than the rules do)."""

    id: int | None
    role: Role
    is_active: bool
    # email_verified (bool), when it has one: mailed-in tickets need it (_may_see_source).


class OnTicket(Protocol):
    """The ticket acted on, as the rules see it: a Ticket, or a stand-in with this field."""

    requester_id: int
    # source (TicketSource), when it has one: a stand-in without it is a web ticket.


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
    watch_ticket = "watch_ticket"  # see a ticket's watchers, add or remove them (oneself or other agents)
    mute_ticket = "mute_ticket"  # hear nothing more of a ticket one sees
    manage_outbox = "manage_outbox"  # see the outbox and the outgoing mail, retry what failed
    use_views = "use_views"  # list saved views with their counts, keep personal ones, pick a default
    edit_view = "edit_view"  # judged with its owner as owner_id; None: a shared or built-in one
    bulk_edit = "bulk_edit"  # one change on many tickets (each ticket is checked for the change too)


# Actions a customer is never told exist: refused as NotFound, not Forbidden.
HIDDEN_FROM_CUSTOMERS = {Action.view_tags, Action.tag_ticket, Action.create_tag, Action.manage_tags,
                         Action.use_canned_replies, Action.edit_canned_reply, Action.watch_ticket,
                         Action.use_views, Action.edit_view}


# Actions judged without a particular ticket.
GLOBAL_ACTIONS = {
    Action.view_all_tickets, Action.create_ticket, Action.create_ticket_for_customer, Action.list_staff,
    Action.manage_users, Action.view_internal_notes, Action.view_deleted_attachments, Action.view_tags,
    Action.create_tag, Action.manage_tags, Action.use_canned_replies, Action.edit_canned_reply,
    Action.manage_outbox, Action.use_views, Action.edit_view, Action.bulk_edit,
}
_ADMIN_ONLY = (Action.manage_users, Action.view_deleted_attachments, Action.manage_tags, Action.manage_outbox)


def can(actor: Actor | None, action: Action, ticket: OnTicket | None = None, *, owner_id: int | None = None) -> bool:
    """`owner_id` is who made the thing acted on (an attachment's uploader)."""
    if actor is None or not actor.is_active:
        return False
    if action in (Action.edit_canned_reply, Action.edit_view) and owner_id is not None:
        return actor.role != Role.customer and owner_id == actor.id  # a personal one: its owner's alone
    if actor.role == Role.admin:
        return True
    if actor.role == Role.agent:
        if action == Action.create_tag:
            return get_settings().tags_agents_create
        return action not in (*_ADMIN_ONLY, Action.edit_canned_reply, Action.edit_view)
    # Customers: only their own tickets, only public conversation.
    if action == Action.create_ticket:
        return True
    if action == Action.view_ticket and ticket is None:
        return True  # tickets in general: lists and look-ups narrow it to their own
    own_ticket = ticket is not None and ticket.requester_id == actor.id and _may_see_source(actor, ticket)
    if action in (Action.view_ticket, Action.reply, Action.mute_ticket):
        return own_ticket
    if action == Action.add_attachment:  # to the ticket, or (owner_id) to a reply of their own
        return own_ticket and owner_id in (None, actor.id)
    if action == Action.delete_attachment:
        return own_ticket and owner_id == actor.id
    return False


def _may_see_source(actor: Actor, ticket: OnTicket) -> bool:
    """A ticket mailed in from an address is its owner's only once they verified the address: anyone
    can sign up with someone else's address, and must not read their mail by it."""
    return getattr(ticket, "source", TicketSource.web) != TicketSource.mail or getattr(actor, "email_verified", False)


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
