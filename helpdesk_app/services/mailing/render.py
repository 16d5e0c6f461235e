"""A queued mail as the message to send: subject, text and HTML from the templates, thread headers.

The HTML templates autoescape every value: a subject or a reply holding markup arrives as text. A
template that fails raises TemplateProblem: the mail fails with the reason, the reply it tells of
stays (it was committed long before).
"""

from dataclasses import dataclass
from pathlib import Path

import jinja2
from sqlmodel import Session, select

from helpdesk_app.config import get_settings
from helpdesk_app.mailer.message import OutgoingMail
from helpdesk_app.models import Mail, MailKind, Notification, Reply, Ticket, User
from helpdesk_app.models import NotificationKind as K
from helpdesk_app.services.identity import links
from helpdesk_app.services.mailing.queue import thread_id
from helpdesk_app.services.notifications.inbox import summary

_ENV = jinja2.Environment(
    loader=jinja2.FileSystemLoader(Path(__file__).parent / "templates"),
    autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined,
    trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    auto_reload=False,  # the templates ship with the code: no stat() per mail
)
AUTOMATIC = (("Auto-Submitted", "auto-generated"), ("X-Auto-Response-Suppress", "All"))


class TemplateProblem(Exception):
    """The mail cannot be made (a template error, its ticket gone): it fails, with this reason."""


@dataclass(frozen=True)
class Item:
    kind: str
    summary: str
    when: str
    body: str | None


def _both(name: str, **context) -> tuple[str, str]:
    try:
        return _ENV.get_template(f"{name}.txt").render(**context), _ENV.get_template(f"{name}.html").render(**context)
    except jinja2.TemplateError as e:
        raise TemplateProblem(f"template {name}: {type(e).__name__}: {e}") from e


@dataclass
class Batch:
    told: dict[int, list[Notification]]  # per mail id, in order
    loaded: list  # holds what was read: the session's identity map keeps only weak references


def prefetch(session: Session, mails: list[Mail]) -> Batch:
    """What a batch of mails tells, and everyone and everything it names, in four queries rather than
    several per mail: render's session.get then finds them in the session, while the Batch lives."""
    batch = Batch(told={m.id: [] for m in mails}, loaded=[])
    for n in session.exec(select(Notification).where(Notification.mail_id.in_(list(batch.told)))
                          .order_by(Notification.id)):
        batch.told[n.mail_id].append(n)
    everyone = [n for ns in batch.told.values() for n in ns]
    for model, ids in ((User, {m.user_id for m in mails} | {n.actor_id for n in everyone}),
                       (Ticket, {m.ticket_id for m in mails}), (Reply, {n.reply_id for n in everyone})):
        ids.discard(None)
        if ids:
            batch.loaded += session.exec(select(model).where(model.id.in_(list(ids)))).all()
    return batch


def _items(session: Session, recipient: User, ticket: Ticket, told: list[Notification]) -> list[Item]:
    actors = {i: u.name for i in {n.actor_id for n in told if n.actor_id} if (u := session.get(User, i))}
    found = []
    for n in told:
        reply = session.get(Reply, n.reply_id) if n.reply_id else None
        if (n.kind == K.note or (reply is not None and reply.internal)) and not recipient.is_staff:
            continue  # never, but a note must not reach a customer even if a rule went wrong
        body = reply.body if reply is not None else (ticket.description if n.kind == K.new_ticket else None)
        found.append(Item(n.kind.value, summary(n.kind, n.detail, actors.get(n.actor_id),
                                                for_requester=recipient.id == ticket.requester_id),
                          n.created_at.strftime("%Y-%m-%d %H:%M UTC"), body))
    return found


def render(session: Session, mail: Mail, told: list[Notification]) -> OutgoingMail:
    """The message for `mail` (for an account link, a fresh token is made now: only its hash is kept);
    `told`: its notifications, as prefetch() read them."""
    s = get_settings()
    recipient = session.get(User, mail.user_id) if mail.user_id else None
    if recipient is None:
        raise TemplateProblem("its recipient's account is gone")
    common = {"recipient": {"name": recipient.name, "is_staff": recipient.is_staff},
              "preferences_url": f"{s.site_url}/preferences"}
    headers, in_reply_to, references = AUTOMATIC, None, ()
    if mail.kind == MailKind.notification:
        ticket = session.get(Ticket, mail.ticket_id) if mail.ticket_id else None
        if ticket is None:
            raise TemplateProblem("its ticket is gone")
        items = _items(session, recipient, ticket, told)
        if not items:
            raise TemplateProblem("nothing left to tell")
        subject = f"[#{ticket.number}] {ticket.subject}"
        text, html = _both("notification", items=items, **common, ticket={
            "number": ticket.number, "subject": ticket.subject, "url": f"{s.site_url}/tickets/{ticket.id}"})
        in_reply_to, references = thread_id(ticket.id), (thread_id(ticket.id),)
        if recipient.is_staff:
            headers = (*AUTOMATIC, ("List-Unsubscribe", f"<{s.site_url}/preferences>"))
    else:
        address = mail.payload.get("email") or mail.to_address
        if mail.kind == MailKind.verify_email:
            token = links.issue(session, user_id=recipient.id, purpose=links.VERIFY, email=address)
            subject = "Confirm your email address"
            text, html = _both("verify_email", **common, address=address, hours=s.verify_link_hours,
                               link=f"{s.site_url}/verify-email?token={token}")
        else:
            token = links.issue(session, user_id=recipient.id, purpose=links.RESET, email=address)
            subject = "Set a new password"
            text, html = _both("reset_password", **common, minutes=s.reset_link_minutes,
                               link=f"{s.site_url}/reset-password?token={token}")
    return OutgoingMail(
        to_address=mail.to_address, to_name=recipient.name, subject=subject, text=text, html=html,
        message_id=mail.message_id, in_reply_to=in_reply_to, references=references, reply_to=s.mail_from,
        headers=headers, from_address=s.mail_from, from_name=s.mail_from_name,
    )
