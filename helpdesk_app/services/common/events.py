"""Domain events: what a use case did, recorded in its transaction and written to the outbox with it.

Consumers (the background worker's, see helpdesk_app/worker/consumers.py) read `event`, the ids and
`payload`. Payloads hold ids and the values that changed, never a whole row: a consumer that needs
more reads it, and sees the row as it is when it runs.
"""

import enum
from dataclasses import dataclass, field
from typing import Any


class EventType(enum.StrEnum):
    ticket_created = "ticket.created"  # payload: number, requester_id
    reply_added = "reply.added"  # a public reply; payload: reply_id
    note_added = "note.added"  # an internal note; payload: reply_id
    status_changed = "ticket.status_changed"  # payload: old, new
    priority_changed = "ticket.priority_changed"  # payload: old, new
    assignee_changed = "ticket.assignee_changed"  # payload: old, new (user ids or None)
    attachments_added = "attachments.added"  # payload: attachment_ids, reply_id
    attachment_deleted = "attachment.deleted"  # payload: attachment_id, reply_id
    watchers_changed = "ticket.watchers_changed"  # payload: added or removed (user ids)
    ticket_tags_changed = "ticket.tags_changed"  # payload: added, removed (tag names)
    tag_changed = "tag.changed"  # the catalogue; payload: tag_id, what changed (name, color, description)
    tag_merged = "tag.merged"  # payload: tag_id (gone), into_id, tickets (how many moved)
    tag_deleted = "tag.deleted"  # payload: tag_id, name, tickets (how many lost it)
    user_created = "user.created"  # payload: user_id, role
    user_changed = "user.changed"  # payload: user_id and what changed (role, is_active, email)


@dataclass(frozen=True)
class DomainEvent:
    type: EventType
    ticket_id: int | None = None
    actor_id: int | None = None
    payload: dict[str, Any] = field(default_factory=dict)
