"""The caller's notifications (/notifications) and their choices of what to hear of (/preferences)."""

from typing import Annotated

from fastapi import APIRouter, Query, Response
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import READ, WRITE, answers, page_query, per_page_query
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models import NotificationPublic
from helpdesk_app.services.notifications import inbox, preferences
from helpdesk_app.services.notifications.preferences import KINDS

router = APIRouter(prefix=PREFIX, tags=["notifications"])
MAX_PER_PAGE = 100


class NotificationList(BaseModel):
    items: list[NotificationPublic]
    total: int
    page: int
    per_page: int
    unread: int = Field(description=f"Unread, counted up to {inbox.COUNT_CAP} (the bell shows 99+).")


class ReadAll(BaseModel):
    marked: int


class Channels(BaseModel):
    app: bool | None = Field(default=None, strict=True)
    email: bool | None = Field(default=None, strict=True)


_KIND_NAMES = sorted({k.value for group in KINDS.values() for k in group})


class PreferencesBody(BaseModel):
    channels: dict[str, Channels] = Field(
        default_factory=dict, json_schema_extra={"propertyNames": {"enum": _KIND_NAMES}},
        description="Per kind, in the app and by email. Customers choose among new_ticket, reply and status "
                    "(the receipt of a new ticket is always mailed).")
    auto_watch: bool | None = Field(default=None, strict=True, description="Agents: watch what you take part in.")


class PreferencesAnswer(BaseModel):
    channels: dict[str, dict[str, bool]]
    auto_watch: bool


def _answer(prefs: preferences.Preferences) -> PreferencesAnswer:
    return PreferencesAnswer(channels=prefs.channels, auto_watch=prefs.auto_watch)


@router.get("/notifications", response_model=NotificationList, responses=answers(*READ))
def get_notifications(
    user: CurrentUser, session: DB,
    unread: Annotated[bool, Query(description="Only the unread ones.")] = False,
    page: int = page_query(), per_page: int = per_page_query(20, MAX_PER_PAGE),
) -> NotificationList:
    items, total = inbox.list_notifications(session, actor=user, unread=unread, page=page, per_page=per_page)
    return NotificationList(items=items, total=total, page=page, per_page=per_page,
                            unread=inbox.unread_count(session, actor=user))


@router.post("/notifications/{notification_id}/read", status_code=204, responses=answers(401, 403, 404, 422))
def post_read(notification_id: int, user: CurrentUser, session: DB) -> Response:
    inbox.mark_read(session, actor=user, notification_id=notification_id)
    return Response(status_code=204)


@router.post("/notifications/read-all", response_model=ReadAll, responses=answers(401, 403))
def post_read_all(user: CurrentUser, session: DB) -> ReadAll:
    return ReadAll(marked=inbox.mark_all_read(session, actor=user))


@router.get("/preferences", response_model=PreferencesAnswer, responses=answers(401))
def get_preferences(user: CurrentUser, session: DB) -> PreferencesAnswer:
    return _answer(preferences.get_preferences(session, actor=user))


@router.patch("/preferences", response_model=PreferencesAnswer, responses=answers(*WRITE))
def patch_preferences(body: PreferencesBody, user: CurrentUser, session: DB) -> PreferencesAnswer:
    channels = {kind: c.model_dump(exclude_none=True) for kind, c in body.channels.items()}
    return _answer(preferences.update_preferences(session, actor=user, channels=channels, auto_watch=body.auto_watch))



