"""Watchers under /tickets/{id}/watchers (agents; a customer is answered 404), and muting a ticket."""

from fastapi import APIRouter, Response
from pydantic import BaseModel

from helpdesk_app.api.contract import READ, answers
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models import WatcherPublic
from helpdesk_app.services.notifications import preferences
from helpdesk_app.services.tickets import get_visible
from helpdesk_app.services.watchers import watching

router = APIRouter(prefix=PREFIX, tags=["watchers"])


class WatchAnswer(BaseModel):
    added: bool  # false: they were watching already


class MuteAnswer(BaseModel):
    muted: bool


@router.get("/tickets/{ticket_id}/watchers", response_model=list[WatcherPublic], responses=answers(*READ, 404))
def get_watchers(ticket_id: int, user: CurrentUser, session: DB) -> list[WatcherPublic]:
    return watching.list_watchers(session, actor=user, ticket_id=ticket_id)


@router.put("/tickets/{ticket_id}/watchers/{user_id}", response_model=WatchAnswer,
            responses=answers(401, 403, 404, 422))
def put_watcher(ticket_id: int, user_id: int, user: CurrentUser, session: DB) -> WatchAnswer:
    """Makes an active agent or admin (the caller, or another) a watcher; a no-op if they watch already."""
    return WatchAnswer(added=watching.add_watcher(session, actor=user, ticket_id=ticket_id, user_id=user_id))


@router.delete("/tickets/{ticket_id}/watchers/{user_id}", status_code=204, responses=answers(401, 403, 404, 422))
def delete_watcher(ticket_id: int, user_id: int, user: CurrentUser, session: DB) -> Response:
    watching.remove_watcher(session, actor=user, ticket_id=ticket_id, user_id=user_id)
    return Response(status_code=204)


@router.get("/tickets/{ticket_id}/mute", response_model=MuteAnswer, responses=answers(*READ, 404))
def get_mute(ticket_id: int, user: CurrentUser, session: DB) -> MuteAnswer:
    ticket = get_visible(session, actor=user, ticket_id=ticket_id)
    return MuteAnswer(muted=preferences.is_muted(session, actor=user, ticket_id=ticket.id))


@router.put("/tickets/{ticket_id}/mute", response_model=MuteAnswer, responses=answers(401, 403, 404, 422))
def put_mute(ticket_id: int, user: CurrentUser, session: DB) -> MuteAnswer:
    """The caller hears nothing more of this ticket, in the app or by mail."""
    preferences.set_muted(session, actor=user, ticket_id=ticket_id, muted=True)
    return MuteAnswer(muted=True)


@router.delete("/tickets/{ticket_id}/mute", response_model=MuteAnswer, responses=answers(401, 403, 404, 422))
def delete_mute(ticket_id: int, user: CurrentUser, session: DB) -> MuteAnswer:
    preferences.set_muted(session, actor=user, ticket_id=ticket_id, muted=False)
    return MuteAnswer(muted=False)
