"""Deleting attachments on both storage backends: a soft delete first, the bytes purged later."""

from datetime import timedelta

import pytest
from sqlmodel import select, update

from helpdesk_app import cli
from helpdesk_app.api.download import download_response
from helpdesk_app.models import Attachment, TicketEvent, utcnow
from helpdesk_app.services.attachments import deletion, listing
from helpdesk_app.services.conversation.thread import get_thread
from helpdesk_app.services.common.errors import NotFound
from tests.blobs import down_storage
from tests.samples import make_pdf, make_png

PDF, PNG = make_pdf(), make_png()


@pytest.fixture
def files(attach, ticket, customer):
    return attach(customer, [("invoice.pdf", PDF), ("photo.png", PNG)], ticket=ticket)


def _row(db, attachment_id) -> Attachment:
    db.expire_all()
    return db.get(Attachment, attachment_id)


def test_a_deleted_attachment_is_hidden_from_all_but_admins(db, blobs, ticket, files, customer, agent, admin):
    gone, kept = files
    before = utcnow()
    deletion.delete_attachment(db, actor=customer, attachment_id=gone.id)
    db.commit()
    for actor in (customer, agent):
        with pytest.raises(NotFound):
            listing.get_visible_attachment(db, actor=actor, attachment_id=gone.id)
        assert [r.id for r in listing.list_for_ticket(db, actor=actor, ticket_id=ticket.id)[0]] == [kept.id]
    row, _ = listing.get_visible_attachment(db, actor=admin, attachment_id=gone.id)
    assert row.deleted_at >= before and row.deleted_by_id == customer.id and row.purged_at is None
    assert [r.id for r in listing.list_for_ticket(db, actor=admin, ticket_id=ticket.id)[0]] == [gone.id, kept.id]
    [public] = listing.attachments_public(db, [row])
    assert public.deleted_at == row.deleted_at
    assert blobs.read(gone.storage_key) == PDF  # the bytes stay until the purge


def test_the_history_records_who_deleted_which_file(db, ticket, files, agent):
    deletion.delete_attachment(db, actor=agent, attachment_id=files[1].id)
    db.commit()
    events = db.exec(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id,
                                               TicketEvent.field == "attachment")).all()
    assert [(e.actor_id, e.old_value, e.new_value) for e in events] == [(agent.id, "photo.png", None)]


def test_deleting_twice_is_not_found_even_for_an_admin(db, files, customer, admin):
    deletion.delete_attachment(db, actor=customer, attachment_id=files[0].id)
    db.commit()
    for actor in (customer, admin):
        with pytest.raises(NotFound):
            deletion.delete_attachment(db, actor=actor, attachment_id=files[0].id)
    assert db.exec(select(TicketEvent).where(TicketEvent.field == "attachment")).all()[0].actor_id == customer.id


def test_the_purge_removes_the_bytes_only_after_the_retention_period(db, blobs, files, customer, admin):
    gone, kept = files
    deletion.delete_attachment(db, actor=customer, attachment_id=gone.id)
    db.commit()
    # Deleted just now: a 30-day retention keeps it.
    assert deletion.purge_deleted(db, blobs.storage, deleted_before=utcnow() - timedelta(days=30)) == (0, 0)
    assert blobs.storage.exists(gone.storage_key) and _row(db, gone.id).purged_at is None
    assert deletion.purge_deleted(db, blobs.storage, deleted_before=utcnow() + timedelta(seconds=1)) == (1, 0)
    assert not blobs.storage.exists(gone.storage_key)
    assert _row(db, gone.id).purged_at is not None
    assert blobs.read(kept.storage_key) == PNG and _row(db, kept.id).purged_at is None  # never deleted
    assert sorted(blobs.leftovers()) == [kept.storage_key]
    # A second run finds nothing more to do.
    assert deletion.purge_deleted(db, blobs.storage, deleted_before=utcnow() + timedelta(days=1)) == (0, 0)
    # The row stays for the history; asking for the bytes is a 404 that says why.
    row, _ = listing.get_visible_attachment(db, actor=admin, attachment_id=gone.id)
    with pytest.raises(NotFound) as missing:
        download_response(None, blobs.storage, row, inline=False)
    assert missing.value.message == "The file invoice.pdf was deleted and is no longer stored."


def test_a_purge_with_storage_down_leaves_the_rows_for_the_next_run(db, blobs, files, customer, tmp_path):
    gone, _ = files
    deletion.delete_attachment(db, actor=customer, attachment_id=gone.id)
    db.commit()
    later = utcnow() + timedelta(seconds=1)
    assert deletion.purge_deleted(db, down_storage(blobs.name, tmp_path), deleted_before=later) == (0, 1)
    assert _row(db, gone.id).purged_at is None and blobs.storage.exists(gone.storage_key)
    assert deletion.purge_deleted(db, blobs.storage, deleted_before=later) == (1, 0)
    assert not blobs.storage.exists(gone.storage_key)


def test_deleting_a_file_of_an_internal_note_leaves_history_for_staff_only(db, attach, ticket, files, customer, agent,
                                                                         make_reply):
    note = make_reply(ticket, agent, internal=True, body="Card declined twice.")
    [secret] = attach(agent, [("card-declined-log.txt", b"declined\n")], reply=note)
    deletion.delete_attachment(db, actor=agent, attachment_id=secret.id)
    deletion.delete_attachment(db, actor=customer, attachment_id=files[0].id)
    db.commit()

    def history(actor):
        return [(e.event.actor.id, e.event.old_value) for e in get_thread(db, actor=actor, ticket_id=ticket.id)
                if e.kind == "event"]

    assert history(agent) == [(agent.id, "card-declined-log.txt"), (customer.id, "invoice.pdf")]
    assert history(customer) == [(customer.id, "invoice.pdf")]  # the note's file stays as hidden as the note


def test_the_purge_command_says_when_storage_cannot_be_reached(db, blobs, files, customer, settings_override,
                                                               tmp_path, capsys):
    deletion.delete_attachment(db, actor=customer, attachment_id=files[0].id)
    db.exec(update(Attachment).where(Attachment.id == files[0].id).values(deleted_at=utcnow() - timedelta(days=31)))
    db.commit()
    not_a_directory = tmp_path / "data"
    not_a_directory.write_bytes(b"")
    settings_override(storage="local", data_dir=not_a_directory)  # what the command uses
    assert cli.main(["attachments", "purge", "--older-than", "30d"]) == 1
    assert capsys.readouterr().out == ("Purged the files of 0 deleted attachments. 1 could not be removed "
                                       "(storage unavailable); run again later.\n")
    assert _row(db, files[0].id).purged_at is None
