"""Refused uploads on both storage backends: every rule, each file named, and nothing stored."""

import pytest
from sqlmodel import select

from helpdesk_app.models import Attachment
from helpdesk_app.services.attachments import rules
from helpdesk_app.services.attachments import deletion
from helpdesk_app.services.attachments.errors import EmptyFile, FileTooLarge, TooManyFiles, UnsupportedFileType
from helpdesk_app.services.attachments.intake import UploadRejected
from tests.blobs import padded, text
from tests.samples import HTML, make_exe, make_pdf, make_png
from tests.services.conftest import LIMITS, KiB

PDF, PNG = make_pdf(), make_png()


def _refused(attach, actor, files, **target) -> list[tuple[type, str, str]]:
    with pytest.raises(UploadRejected) as rejected:
        attach(actor, files, **target)
    return [(type(f), f.filename, f.message) for f in rejected.value.failures]


def _nothing_stored(db, blobs, ticket_id: int, *, keep: int = 0) -> None:
    db.expire_all()
    rows = db.exec(select(Attachment).where(Attachment.ticket_id == ticket_id)).all()
    assert len(rows) == keep, rows
    assert sorted(blobs.leftovers()) == sorted(r.storage_key for r in rows)


REFUSALS = [
    ("over the per-file limit", ("big.pdf", padded(PDF, 64 * KiB + 1)),
     FileTooLarge, "big.pdf is too large: each file can be at most 64 KB."),
    ("empty", ("empty.txt", b""), EmptyFile, "empty.txt is empty."),
    ("type not allowed", ("setup.exe", make_exe()), UnsupportedFileType,
     rules.type_not_allowed_message("setup.exe")),
    ("exe renamed pdf", ("invoice.pdf", make_exe()), UnsupportedFileType,
     "invoice.pdf: the content is a Windows executable, not a PDF document."),
    ("html renamed txt", ("readme.txt", HTML), UnsupportedFileType,
     "readme.txt: the content is an HTML page, not a text file."),
    ("svg", ("logo.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'), UnsupportedFileType,
     rules.type_not_allowed_message("logo.svg")),
]


@pytest.mark.parametrize(("case", "file", "error", "message"), REFUSALS, ids=[r[0] for r in REFUSALS])
def test_each_rule_refuses_the_file_and_stores_nothing(attach, db, blobs, ticket, customer, case, file, error,
                                                       message):
    assert _refused(attach, customer, [file], ticket=ticket) == [(error, file[0], message)]
    _nothing_stored(db, blobs, ticket.id)


def test_a_file_exactly_at_the_limit_is_accepted(attach, blobs, ticket, customer):
    [row] = attach(customer, [("max.pdf", padded(PDF, LIMITS.max_file_bytes))], ticket=ticket)
    assert row.size == 64 * KiB


def test_one_bad_file_means_none_is_kept_and_every_bad_one_is_named(attach, db, blobs, ticket, customer):
    files = [("good.pdf", PDF), ("fake.pdf", make_exe()), ("photo.png", PNG), ("blank.txt", b""),
             ("huge.txt", text(64 * KiB + 10))]
    assert _refused(attach, customer, files, ticket=ticket) == [
        (UnsupportedFileType, "fake.pdf", "fake.pdf: the content is a Windows executable, not a PDF document."),
        (EmptyFile, "blank.txt", "blank.txt is empty."),
        (FileTooLarge, "huge.txt", "huge.txt is too large: each file can be at most 64 KB."),
    ]
    _nothing_stored(db, blobs, ticket.id)  # good.pdf and photo.png were stored, then removed again


def test_files_after_a_refused_one_are_judged_but_never_stored(attach, db, blobs, ticket, customer, monkeypatch):
    """The request is refused whole once a file is: writing the files after it would only be undone."""
    saved, real_save = [], blobs.storage.save

    def save(key, chunks, **kw):
        saved.append(key)
        return real_save(key, chunks, **kw)

    monkeypatch.setattr(blobs.storage, "save", save)
    files = [("good.pdf", padded(PDF, 60 * KiB)), ("fake.pdf", make_exe()), ("a.pdf", padded(PDF, 60 * KiB)),
             ("b.pdf", padded(PDF, 60 * KiB)), ("blank.txt", b"")]
    assert [(e, name) for e, name, _ in _refused(attach, customer, files, ticket=ticket)] == [
        (UnsupportedFileType, "fake.pdf"),
        (FileTooLarge, "b.pdf"),  # the judged a.pdf still adds up against the ticket's 160 KB
        (EmptyFile, "blank.txt")]
    assert len(saved) == 2  # good.pdf, and fake.pdf until its first bytes were judged; none after
    _nothing_stored(db, blobs, ticket.id)


def test_a_ticket_cannot_grow_over_its_total(attach, db, blobs, ticket, customer, agent):
    attach(customer, [("one.pdf", padded(PDF, 60 * KiB)), ("two.pdf", padded(PDF, 60 * KiB))], ticket=ticket)
    full = "three.pdf does not fit: a ticket's attachments can total at most 160 KB."
    assert _refused(attach, agent, [("three.pdf", padded(PDF, 41 * KiB))], ticket=ticket) == [
        (FileTooLarge, "three.pdf", full)]
    # Within one request the files add up too.
    assert _refused(attach, agent, [("a.pdf", padded(PDF, 30 * KiB)), ("b.pdf", padded(PDF, 30 * KiB))],
                    ticket=ticket)[0][:2] == (FileTooLarge, "b.pdf")
    _nothing_stored(db, blobs, ticket.id, keep=2)
    [row] = attach(agent, [("fits.pdf", padded(PDF, 40 * KiB))], ticket=ticket)  # exactly 160 KB
    assert row.size == 40 * KiB


def test_a_ticket_holds_at_most_its_number_of_files(attach, db, blobs, ticket, customer, make_reply):
    attach(customer, [("1.pdf", PDF), ("2.pdf", PDF)], ticket=ticket)
    reply = make_reply(ticket, customer)
    attach(customer, [("3.pdf", PDF)], reply=reply)  # files on replies count for their ticket
    too_many = "5.pdf was not added: a ticket can have at most 4 attachments."
    assert _refused(attach, customer, [("4.pdf", PDF), ("5.pdf", PDF)], ticket=ticket) == [
        (TooManyFiles, "5.pdf", too_many)]
    _nothing_stored(db, blobs, ticket.id, keep=3)


def test_deleted_attachments_no_longer_count_against_the_limits(attach, db, blobs, ticket, customer):
    rows = attach(customer, [(f"{n}.pdf", padded(PDF, 40 * KiB)) for n in range(4)], ticket=ticket)
    assert _refused(attach, customer, [("more.pdf", PDF)], ticket=ticket)[0][0] is TooManyFiles
    deletion.delete_attachment(db, actor=customer, attachment_id=rows[0].id)
    db.commit()
    assert attach(customer, [("more.pdf", padded(PDF, 40 * KiB))], ticket=ticket)[0].filename == "more.pdf"


def test_a_request_without_files_is_refused(attach, db, blobs, ticket, customer):
    assert _refused(attach, customer, [], ticket=ticket) == [(EmptyFile, "", "Choose at least one file to upload.")]
    _nothing_stored(db, blobs, ticket.id)


def test_refusals_name_the_file_as_it_will_be_shown(attach, ticket, customer):
    [(error, name, message)] = _refused(attach, customer, [("C:\\Users\\me\\\u202eevil.txt", HTML)], ticket=ticket)
    assert (error, name) == (UnsupportedFileType, "evil.txt") and message.startswith("evil.txt: the content is")
