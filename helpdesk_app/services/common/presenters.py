"""Users as named in tickets, replies and files, loaded in one query for a whole page of rows."""

from collections.abc import Iterable

from sqlmodel import Session, select

from helpdesk_app.models import User, UserRef


def user_refs(session: Session, ids: Iterable[int | None]) -> dict[int, UserRef]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    rows = session.exec(select(User.id, User.name, User.role).where(User.id.in_(wanted))).all()
    return {r[0]: UserRef(id=r[0], name=r[1], role=r[2]) for r in rows}
