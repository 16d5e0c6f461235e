"""Who is told of what: the table of docs/notifications.md, as a function of plain values.

| event                         | assignee and watching agents | requester                          |
| new ticket                    | agents who opted in          | a receipt with the number          |
| public reply by an agent      | yes                          | yes                                |
| reply by the customer         | yes                          | no                                 |
| internal note                 | yes (agents only, ever)      | never                              |
| status changed                | yes                          | when pending, resolved or closed   |
| assigned                      | the new assignee             | no                                 |
| files added without a reply   | yes                          | no                                 |

A status the reply set by itself (open) is not told apart from the reply. Nobody is told of their
own action (but the requester who opened a ticket still gets its receipt by mail); inactive users
and those who muted the ticket are told nothing (fanout.py).
"""

from dataclasses import dataclass, field

from helpdesk_app.models import NotificationKind as K
from helpdesk_app.models import TicketStatus
from helpdesk_app.services.common.events import DomainEvent, EventType

OPEN = TicketStatus.open.value  # a reply (re)opens a ticket by itself: the reply is what to tell
TELL_REQUESTER = {TicketStatus.pending.value, TicketStatus.resolved.value, TicketStatus.closed.value}


@dataclass(frozen=True)
class Intent:
    user_id: int
    kind: K
    actor_id: int | None
    reply_id: int | None = None
    detail: dict = field(default_factory=dict)
    receipt: bool = False  # the requester's receipt of a new ticket: mailed even for their own action


@dataclass(frozen=True)
class Scene:
    """The ticket as the rules see it, after the use case's changes."""

    requester_id: int
    assignee_id: int | None
    watchers: frozenset[int]
    staff: frozenset[int]  # which of the people named here are agents or admins
    new_ticket_agents: frozenset[int] = frozenset()  # agents who opted in to every new ticket


def intents(events: list[DomainEvent], scene: Scene) -> list[Intent]:
    """What each person should hear of these events on one ticket, before preferences and mutes."""
    team = {u for u in (scene.watchers | {scene.assignee_id}) if u is not None and u in scene.staff}
    created = any(e.type == EventType.ticket_created for e in events)
    replied = any(e.type in (EventType.reply_added, EventType.note_added) for e in events)
    found: list[Intent] = []

    def tell(users, kind, event, **extra) -> None:
        found.extend(Intent(u, kind, event.actor_id, event.payload.get("reply_id"), extra) for u in users
                     if u != event.actor_id)

    for e in events:
        by_staff = e.actor_id in scene.staff
        if e.type == EventType.ticket_created:
            tell(scene.new_ticket_agents - {scene.requester_id}, K.new_ticket, e)
            found.append(Intent(scene.requester_id, K.new_ticket, e.actor_id, receipt=True))
        elif e.type == EventType.reply_added:
            tell(team | ({scene.requester_id} if by_staff else set()), K.reply, e)
        elif e.type == EventType.note_added:
            tell(team, K.note, e)
        elif e.type == EventType.status_changed and not created and not (replied and e.payload.get("new") == OPEN):
            tell(team | ({scene.requester_id} if e.payload.get("new") in TELL_REQUESTER else set()), K.status, e,
                 old=e.payload.get("old"), new=e.payload.get("new"))
        elif e.type == EventType.assignee_changed and e.payload.get("new") in scene.staff:
            tell({e.payload["new"]}, K.assigned, e)
        elif e.type == EventType.attachments_added and e.payload.get("reply_id") is None and not (created or replied):
            tell(team, K.attachment, e, files=len(e.payload.get("attachment_ids") or []))
    return found
