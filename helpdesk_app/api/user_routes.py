"""User administration under /users (admins only; the service enforces it)."""

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import EMAIL, READ, WRITE, answers, page_query, per_page_query, text
from helpdesk_app.api.deps import DB, CurrentUser
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models import Role, UserPublic
from helpdesk_app.services.identity import users

router = APIRouter(prefix=PREFIX, tags=["users"])


class UserList(BaseModel):
    items: list[UserPublic]
    total: int
    page: int
    per_page: int


class UserCreateBody(BaseModel):
    email: str = Field(json_schema_extra={"pattern": EMAIL})
    name: str = Field(json_schema_extra=text(120))
    password: str = Field(json_schema_extra={"minLength": 8, "maxLength": 1024})
    role: Role = Role.customer


class UserPatchBody(BaseModel):
    role: Role | None = None
    is_active: bool | None = Field(default=None, strict=True)


def _public(user) -> UserPublic:
    return UserPublic.model_validate(user, from_attributes=True)


@router.get("/users", response_model=UserList, responses=answers(*READ, 403))
def get_users(user: CurrentUser, session: DB, page: int = page_query(), per_page: int = per_page_query(50),
              verified: Annotated[bool | None, Query(description="false: only accounts whose address is not "
                                                                 "verified yet; true: only verified ones.")] = None,
              ) -> UserList:
    rows, total = users.list_users(session, actor=user, page=page, per_page=per_page, verified=verified)
    return UserList(items=[_public(u) for u in rows], total=total, page=page, per_page=per_page)


@router.post("/users", response_model=UserPublic, status_code=201, responses=answers(*WRITE, 409))
def post_user(body: UserCreateBody, user: CurrentUser, session: DB) -> UserPublic:
    created = users.create_user(session, actor=user, **body.model_dump())
    return _public(created)


@router.patch("/users/{user_id}", response_model=UserPublic, responses=answers(*WRITE, 404))
def patch_user(user_id: int, body: UserPatchBody, user: CurrentUser, session: DB) -> UserPublic:
    changed = users.update_user(session, actor=user, user_id=user_id, role=body.role, is_active=body.is_active)
    return _public(changed)
