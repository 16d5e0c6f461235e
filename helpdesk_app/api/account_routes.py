"""Account mail: /auth/forgot-password, /auth/reset-password, /auth/verify-email (the links' pages post
their token here), POST /me/email (change the address), /me/verification and /users/{id}/verification
(send the link again)."""

from fastapi import APIRouter, Request, Response
from pydantic import BaseModel, Field

from helpdesk_app.api.contract import EMAIL, answers
from helpdesk_app.api.deps import DB, CurrentUser, check_origin
from helpdesk_app.api.paths import PREFIX
from helpdesk_app.models import UserPublic
from helpdesk_app.services.identity import account_mail
from helpdesk_app.services.identity.links import TOKEN_MAX

router = APIRouter(prefix=PREFIX, tags=["account"])
TOKEN = {"minLength": 20, "maxLength": TOKEN_MAX, "pattern": "^[A-Za-z0-9_-]+$"}


class ForgotBody(BaseModel):
    email: str = Field(json_schema_extra={"maxLength": 320, "pattern": "^[^\\x00]*$"})


class ResetBody(BaseModel):
    token: str = Field(json_schema_extra=TOKEN)
    password: str = Field(json_schema_extra={"minLength": 8, "maxLength": 1024})


class TokenBody(BaseModel):
    token: str = Field(json_schema_extra=TOKEN)


class EmailChange(BaseModel):
    email: str = Field(json_schema_extra={"pattern": EMAIL})
    password: str = Field(json_schema_extra={"minLength": 1, "maxLength": 1024}, description="The current one.")


class Accepted(BaseModel):
    detail: str


@router.post("/auth/forgot-password", response_model=Accepted, status_code=202, responses=answers(400, 403, 422))
def forgot_password(body: ForgotBody, request: Request, session: DB) -> Accepted:
    """The same answer whether the address has an account or not; a link goes out only if it has."""
    check_origin(request)
    return Accepted(detail=account_mail.request_password_reset(session, email=body.email))


@router.post("/auth/reset-password", status_code=204, responses=answers(400, 403, 422))
def reset_password(body: ResetBody, request: Request, session: DB) -> Response:
    """Sets the new password and ends every session of the account; the link works once."""
    check_origin(request)
    account_mail.reset_password(session, token=body.token, password=body.password)
    return Response(status_code=204)


@router.post("/auth/verify-email", response_model=UserPublic, responses=answers(400, 403, 409, 422))
def verify_email(body: TokenBody, request: Request, session: DB) -> UserPublic:
    check_origin(request)
    return UserPublic.model_validate(account_mail.confirm_email(session, token=body.token), from_attributes=True)


@router.post("/me/email", response_model=Accepted, status_code=202, responses=answers(400, 401, 403, 409, 422))
def change_email(body: EmailChange, user: CurrentUser, session: DB) -> Accepted:
    """Mails a link to the new address; the account keeps the old one until the link is opened."""
    email = account_mail.change_email(session, actor=user, email=body.email, password=body.password)
    return Accepted(detail=f"A link is on its way to {email}. Your address changes when you open it.")


@router.post("/me/verification", response_model=Accepted, status_code=202, responses=answers(401, 403, 422))
def resend_own(user: CurrentUser, session: DB) -> Accepted:
    account_mail.resend_verification(session, actor=user)
    return Accepted(detail="A new link is on its way.")


@router.post("/users/{user_id}/verification", response_model=Accepted, status_code=202,
             responses=answers(401, 403, 404, 422))
def resend_for(user_id: int, user: CurrentUser, session: DB) -> Accepted:
    """Admins: send someone's verification link again."""
    account_mail.resend_verification(session, actor=user, user_id=user_id)
    return Accepted(detail="A new link is on its way.")
