"""Turn table rows into the public schemas, loading the named users in one query."""

from collections.abc import Iterable

from sqlmodel import Session, select

from helpdesk_app.models import Reply, ReplyPublic, Ticket, TicketEvent, TicketEventPublic, TicketPublic, User, UserRef


def user_refs(session: Session, ids: Iterable[int | None]) -> dict[int, UserRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(User.id, User.name, User.role).where(User.id.in_(wanted))).all()
    return {r[0]: UserRef(id=r[0], name=r[1], role=r[2]) for r in rows}


def tickets_public(session: Session, tickets: list[Ticket]) -> list[TicketPublic]:
    refs = user_refs(session, [u for t in tickets for u in (t.requester_id, t.assignee_id)])
    return [
        TicketPublic(
            **t.model_dump(exclude={"requester_id", "assignee_id", "created_by_id"}),
            requester=refs[t.requester_id],
            assignee=refs.get(t.assignee_id) if t.assignee_id else None,
        )
        for t in tickets
    ]


def replies_public(session: Session, replies: list[Reply]) -> list[ReplyPublic]:
    refs = user_refs(session, [r.author_id for r in replies])
    return [ReplyPublic(**r.model_dump(exclude={"author_id"}), author=refs[r.author_id]) for r in replies]


def events_public(session: Session, events: list[TicketEvent]) -> list[TicketEventPublic]:
    refs = user_refs(session, [e.actor_id for e in events])
    return [TicketEventPublic(**e.model_dump(exclude={"actor_id"}), actor=refs[e.actor_id]) for e in events]
