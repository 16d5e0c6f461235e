"""What /admin/outbox shows and does (services.mailing.overview): admins only; failed events and mails with
their reasons; retrying one or all of a queue."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Mail, MailKind, MailStatus, OutboxEntry, OutboxStatus
from helpdesk_app.services.common.errors import Forbidden, InvalidInput
from helpdesk_app.services.mailing.overview import Queue, overview, retry_failed


@pytest.fixture
def failed(db):
    mails = [Mail(kind=MailKind.verify_email, to_address=f"m{i}@example.com", message_id=f"<m{i}@x>",
                  status=MailStatus.failed, attempts=10, last_error="permanent: 550 no such user") for i in range(2)]
    entry = OutboxEntry(event="reply_added", status=OutboxStatus.failed, attempts=10, last_error="boom")
    db.add_all([*mails, entry, Mail(kind=MailKind.reset_password, to_address="ok@example.com", message_id="<ok@x>",
                                    status=MailStatus.sent)])
    db.commit()
    return mails, entry


def test_admins_see_the_counts_and_what_failed_with_why(db, admin, failed):
    seen = overview(db, actor=admin)
    assert seen.mail_counts == {"pending": 0, "sent": 1, "failed": 2}
    assert seen.event_counts["failed"] == 1
    assert [m.last_error for m in seen.failed_mails] == ["permanent: 550 no such user"] * 2
    assert [e.last_error for e in seen.failed_events] == ["boom"]
    assert len(seen.latest_mails) == 3


@pytest.mark.parametrize("persona", ["agent", "customer"])
def test_nobody_else_sees_or_retries(db, request, persona, failed):
    actor = request.getfixturevalue(persona)
    with pytest.raises(Forbidden):
        overview(db, actor=actor)
    with pytest.raises(Forbidden):
        retry_failed(db, actor=actor, queue=Queue.mails)
    assert len(db.exec(select(Mail).where(Mail.status == MailStatus.failed)).all()) == 2


def test_retry_one_mail_then_every_failed_event(db, admin, failed):
    mails, entry = failed
    assert retry_failed(db, actor=admin, queue="mails", ids=[mails[0].id]) == 1
    db.expire_all()
    assert [db.get(Mail, m.id).status for m in mails] == [MailStatus.pending, MailStatus.failed]
    assert db.get(Mail, mails[0].id).attempts == 0
    assert retry_failed(db, actor=admin, queue="events") == 1
    db.expire_all()
    assert db.get(OutboxEntry, entry.id).status == OutboxStatus.pending


@pytest.mark.parametrize("queue, ids", [("nonsense", None), ("mails", [0]), ("events", [2**63])])
def test_a_bad_retry_is_refused_plainly(db, admin, failed, queue, ids):
    with pytest.raises(InvalidInput):
        retry_failed(db, actor=admin, queue=queue, ids=ids)
