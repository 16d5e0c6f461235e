"""The sweep: stored bytes no attachment refers to (what a crash leaves) are removed once old
enough; everything an attachment still needs stays. On both backends, each on storage of its own
(the sweep looks at all of it)."""

import os
import shutil
import time
import uuid
from datetime import timedelta

import pytest
from sqlmodel import update

from helpdesk_app import cli
from helpdesk_app.models import Attachment, utcnow
from helpdesk_app.services.attachments import deletion
from helpdesk_app.services.attachments.sweep import min_age, sweep_orphans
from helpdesk_app.services.attachments.names import ticket_prefix
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.attachments.names import thumbnail_key
from helpdesk_app.storage import StorageError
from tests.blobs import down_storage, local_blobs, s3_blobs
from tests.samples import make_pdf, make_png

PDF, PNG = make_pdf(), make_png()
HOUR = timedelta(hours=1)
AGE = min_age()  # 3 hours with the default HELPDESK_UPLOAD_MAX_SECONDS


@pytest.fixture(params=["local", "s3"])
def blobs(request, tmp_path):
    if request.param == "local":
        return local_blobs(tmp_path / "attachments")
    server = request.getfixturevalue("s3_server")
    return s3_blobs(server, server.make_bucket())


def _later():
    """A clock AGE and a bit ahead: everything stored so far is then more than AGE old."""
    return utcnow() + AGE + timedelta(seconds=5)


def _orphan(blobs, key: str) -> str:
    blobs.storage.save(key, [b"bytes whose row never got committed"])
    return key


def test_only_what_no_attachment_needs_is_removed(db, blobs, attach, ticket, customer, agent):
    kept, deleted, purged = attach(customer, [("a.pdf", PDF), ("b.png", PNG), ("c.png", PNG)], ticket=ticket)
    for extra in (kept, deleted, purged):  # thumbnails (or their "none" marker) beside the files
        blobs.storage.save(thumbnail_key(extra.storage_key), [b"webp"])
    for gone in (deleted, purged):
        deletion.delete_attachment(db, actor=agent, attachment_id=gone.id)
    db.commit()
    assert deletion.purge_deleted(db, blobs.storage, deleted_before=utcnow() + timedelta(seconds=1)) == (2, 0)
    db.exec(update(Attachment).where(Attachment.id == deleted.id).values(purged_at=None))  # in retention again
    db.commit()
    blobs.storage.save(deleted.storage_key, [PNG])
    blobs.storage.save(thumbnail_key(deleted.storage_key), [b"webp"])
    # A thumbnail made while its file was being purged, and what crashes left.
    late_thumbnail = _orphan(blobs, thumbnail_key(purged.storage_key))
    crashed = _orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}")
    staged = _orphan(blobs, f"incoming/{uuid.uuid4().hex}/{uuid.uuid4().hex}")
    stranger = _orphan(blobs, f"{ticket_prefix(10**9)}/{uuid.uuid4().hex}")
    # Not ours (a bucket may be shared): never touched, however old.
    foreign_keys = ("backups/db.dump", "tickets/README", f"incoming/{uuid.uuid4().hex}")
    foreign = sorted(_orphan(blobs, key) for key in foreign_keys)
    needed = sorted([kept.storage_key, thumbnail_key(kept.storage_key),
                     deleted.storage_key, thumbnail_key(deleted.storage_key)])
    assert sorted(blobs.leftovers()) == sorted(needed + foreign + [late_thumbnail, crashed, staged, stranger])

    result = sweep_orphans(db, blobs.storage, older_than=AGE, now=_later())

    assert (result.orphans, result.partial, result.failed) == (4, 0, 0)
    assert sorted(blobs.leftovers()) == sorted(needed + foreign)
    assert blobs.read(kept.storage_key) == PDF
    assert sweep_orphans(db, blobs.storage, older_than=AGE, now=_later()).orphans == 0


def test_recent_files_are_left_alone(db, blobs, attach, ticket, customer):
    attach(customer, [("a.pdf", PDF)], ticket=ticket)
    fresh = _orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}")  # an upload about to commit

    result = sweep_orphans(db, blobs.storage, older_than=AGE)

    assert (result.orphans, result.partial, result.failed) == (0, 0, 0)
    assert fresh in blobs.leftovers()


def test_the_age_of_each_file_decides_on_disk(db, tmp_path, ticket):
    blobs = local_blobs(tmp_path / "attachments")
    old, young = (_orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}") for _ in range(2))
    stamp = time.time() - 5 * 3600
    os.utime(blobs.storage.root / old, (stamp, stamp))

    assert sweep_orphans(db, blobs.storage, older_than=4 * HOUR).orphans == 1
    assert blobs.leftovers() == [young]


def test_partial_writes_and_empty_staging_folders_go_too(db, tmp_path):
    blobs = local_blobs(tmp_path / "attachments")
    staged = _orphan(blobs, f"incoming/{uuid.uuid4().hex}/{uuid.uuid4().hex}")
    folder = (blobs.storage.root / staged).parent
    temp = folder.parent / uuid.uuid4().hex / f".{uuid.uuid4().hex}.x7y8z9.tmp"
    temp.parent.mkdir()
    temp.write_bytes(b"half a file")
    # Not ours: another tool's temp file under tickets/ stays.
    foreign = blobs.storage.root / "tickets" / ".README.a1b2c3.tmp"
    foreign.parent.mkdir()
    foreign.write_bytes(b"someone else's")

    result = sweep_orphans(db, blobs.storage, older_than=AGE, now=_later())

    assert (result.orphans, result.partial) == (1, 1)
    assert not folder.exists() and not temp.parent.exists()  # staging folders left empty go too
    assert foreign.exists()


def test_a_failed_delete_is_counted_and_tried_again_next_time(db, blobs, ticket, monkeypatch):
    first, second = (_orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}") for _ in range(2))
    real_delete = blobs.storage.delete

    def delete(key):
        if key == first:
            raise StorageError("injected")
        real_delete(key)

    monkeypatch.setattr(blobs.storage, "delete", delete)
    result = sweep_orphans(db, blobs.storage, older_than=AGE, now=_later())
    assert (result.orphans, result.failed) == (1, 1)
    assert blobs.leftovers() == [first]
    monkeypatch.undo()
    assert sweep_orphans(db, blobs.storage, older_than=AGE, now=_later()).orphans == 1
    assert second not in blobs.leftovers() and blobs.leftovers() == []


def test_storage_that_cannot_be_listed_is_an_error(db, blobs, tmp_path):
    with pytest.raises(StorageError):
        sweep_orphans(db, down_storage(blobs.name, tmp_path), older_than=AGE)


REFUSAL = ("Use 3 hours or more: an upload may still be at work on newer files (HELPDESK_UPLOAD_MAX_SECONDS, "
           "plus an hour).")


@pytest.mark.parametrize("too_young", [timedelta(0), AGE - timedelta(minutes=1)])
def test_files_younger_than_the_longest_upload_and_an_hour_are_never_swept(db, blobs, too_young):
    with pytest.raises(InvalidInput) as refused:
        sweep_orphans(db, blobs.storage, older_than=too_young)
    assert refused.value.fields == {"older_than": REFUSAL}


def test_the_age_limit_follows_the_longest_upload(settings_override):
    settings_override(upload_max_seconds=86400)
    assert min_age() == timedelta(hours=25)


def test_the_sweep_command(db, tmp_path, settings_override, ticket, capsys):
    settings_override(storage="local", data_dir=tmp_path / "data")
    blobs = local_blobs(tmp_path / "data" / "attachments")
    crashed = _orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}")
    stamp = time.time() - 2 * 86400
    os.utime(blobs.storage.root / crashed, (stamp, stamp))

    assert cli.main(["attachments", "sweep"]) == 0  # default: untouched for a day
    assert capsys.readouterr().out == "Removed 1 stored file no attachment refers to and 0 unfinished writes.\n"
    assert blobs.leftovers() == []

    assert cli.main(["attachments", "sweep", "--older-than", "150m"]) == 2
    assert capsys.readouterr().err == f"older_than: {REFUSAL}\n"

    shutil.rmtree(tmp_path / "data" / "attachments")
    (tmp_path / "data" / "attachments").write_bytes(b"")  # storage that cannot be listed
    assert cli.main(["attachments", "sweep", "--older-than", "4h"]) == 1
    assert capsys.readouterr().err.startswith("The sweep stopped: local storage: listing ")


@pytest.mark.parametrize("command", ["sweep", "purge"])
@pytest.mark.parametrize("age", ["99999999999d", "36501d", "30x", "-5d"])
def test_an_age_out_of_range_is_a_clear_usage_error(command, age, capsys):
    with pytest.raises(SystemExit) as stopped:
        cli.main(["attachments", command, "--older-than", age])
    assert stopped.value.code == 2
    assert "argument --older-than: " in capsys.readouterr().err


def test_a_failure_removing_partial_writes_is_counted_and_the_orphans_still_swept(db, blobs, ticket, monkeypatch):
    crashed = _orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}")

    def down(*args, **kwargs):
        raise StorageError("injected")

    monkeypatch.setattr(blobs.storage, "remove_partial", down)
    result = sweep_orphans(db, blobs.storage, older_than=AGE, now=_later())
    assert (result.orphans, result.partial, result.failed) == (1, 0, 2)  # one failure per prefix
    assert crashed not in blobs.leftovers()


def test_the_sweep_commands_default_age_follows_a_long_upload_limit(db, tmp_path, settings_override, ticket, capsys):
    settings_override(storage="local", data_dir=tmp_path / "data", upload_max_seconds=2 * 86400)
    blobs = local_blobs(tmp_path / "data" / "attachments")
    day_old, week_old = (_orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}") for _ in range(2))
    for key, days in ((day_old, 1.5), (week_old, 7)):
        stamp = time.time() - days * 86400
        os.utime(blobs.storage.root / key, (stamp, stamp))

    assert cli.main(["attachments", "sweep"]) == 0  # 2 days + 1 hour, not the usual 1 day
    assert blobs.leftovers() == [day_old]


def test_the_sweep_command_says_what_could_not_be_removed(db, tmp_path, settings_override, ticket, capsys,
                                                          monkeypatch):
    from helpdesk_app import runtime

    settings_override(storage="local", data_dir=tmp_path / "data")
    blobs = local_blobs(tmp_path / "data" / "attachments")
    crashed = _orphan(blobs, f"{ticket_prefix(ticket.id)}/{uuid.uuid4().hex}")
    stamp = time.time() - 2 * 86400
    os.utime(blobs.storage.root / crashed, (stamp, stamp))
    monkeypatch.setattr(runtime.get_storage(), "delete", lambda key: (_ for _ in ()).throw(StorageError("down")))

    assert cli.main(["attachments", "sweep"]) == 1
    assert capsys.readouterr().out == ("Removed 0 stored files no attachment refers to and 0 unfinished writes. "
                                       "1 could not be removed (storage unavailable); run again later.\n")
    assert blobs.leftovers() == [crashed]
