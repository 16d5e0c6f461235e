"""POST /auth/login, /auth/signup, /auth/logout and GET /me."""

import asyncio

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from helpdesk_app.api.client_address import client_address
from helpdesk_app.api.contract import EMAIL, answers, text
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.api.deps import DB, CurrentUser, check_origin, request_token
from helpdesk_app.config import get_settings
from helpdesk_app.db import new_session
from helpdesk_app.models import UserPublic
from helpdesk_app.services.identity import sessions, sign_in
from helpdesk_app.services.identity.sessions import CSRF_COOKIE, SESSION_COOKIE

router = APIRouter(prefix=PREFIX, tags=["auth"])


class LoginBody(BaseModel):
    email: str = Field(json_schema_extra={"pattern": r"^\s*\S"})  # any other address is just a failed sign-in
    password: str = Field(json_schema_extra={"minLength": 1})


class SignupBody(BaseModel):
    email: str = Field(json_schema_extra={"pattern": EMAIL})
    name: str = Field(json_schema_extra=text(120))
    password: str = Field(json_schema_extra={"minLength": 8, "maxLength": 1024})


class LoginAnswer(BaseModel):
    token: str
    token_type: str = "bearer"
    csrf_token: str
    expires_in: int
    user: UserPublic


def _answer(response: Response, issued: sessions.IssuedSession) -> LoginAnswer:
    secure = get_settings().secure_cookies
    response.set_cookie(
        SESSION_COOKIE, issued.token, max_age=issued.max_age, httponly=True, samesite="lax", secure=secure, path="/",
    )
    # Readable by the page's script, which echoes it in the X-CSRF-Token header.
    response.set_cookie(CSRF_COOKIE, issued.csrf_token, max_age=issued.max_age, samesite="lax", secure=secure, path="/")
    return LoginAnswer(
        token=issued.token, csrf_token=issued.csrf_token, expires_in=issued.max_age,
        user=UserPublic.model_validate(issued.user, from_attributes=True),
    )


@router.post("/auth/login", response_model=LoginAnswer, responses=answers(400, 401, 403, 422, 429))
async def login(body: LoginBody, request: Request, response: Response) -> LoginAnswer:
    check_origin(request)
    ip = client_address(request)

    def work() -> sessions.IssuedSession:
        with new_session() as session:
            return sign_in.login(session, email=body.email, password=body.password, ip=ip)
    try:
        issued = await run_in_threadpool(work)
    except sign_in.SignInRefused as e:
        if e.slow_down:  # an address failing across many accounts: held back here, holding no thread
            await asyncio.sleep(e.slow_down)
        raise
    return _answer(response, issued)


@router.post("/auth/signup", response_model=LoginAnswer, status_code=201, responses=answers(400, 403, 409, 422))
def signup(body: SignupBody, request: Request, response: Response, session: DB) -> LoginAnswer:
    check_origin(request)
    issued = sign_in.signup(session, email=body.email, name=body.name, password=body.password)
    return _answer(response, issued)


@router.post("/auth/logout", status_code=204, responses=answers(401, 403))
def logout(request: Request, _user: CurrentUser, session: DB) -> Response:
    token, _ = request_token(request)
    sessions.logout(session, token)
    response = Response(status_code=204)
    response.delete_cookie(SESSION_COOKIE, path="/")
    response.delete_cookie(CSRF_COOKIE, path="/")
    return response


@router.get("/me", response_model=UserPublic, responses=answers(401))
def me(user: CurrentUser) -> UserPublic:
    return UserPublic.model_validate(user, from_attributes=True)
