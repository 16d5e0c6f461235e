"""Uploading attachments (services.attachment_upload) on both storage backends: what gets stored."""

import re

from sqlmodel import Session, select

from helpdesk_app.models import Attachment
from helpdesk_app.services.attachments import listing
from helpdesk_app.services.attachments.rules import AttachmentLimits
from tests.blobs import padded, sha256, text
from tests.samples import make_ooxml, make_pdf, make_png
from tests.services.conftest import MiB

PDF, PNG, DOCX = make_pdf(), make_png(), make_ooxml("docx")
KEY = re.compile(r"^tickets/(\d+)/[0-9a-f]{32}$")


def test_it_stores_one_file_on_a_ticket_byte_for_byte(attach, blobs, ticket, customer):
    data = padded(PDF, 50_000)
    [row] = attach(customer, [("Invoice 2024.pdf", data)], ticket=ticket)
    assert row.id is not None
    assert (row.ticket_id, row.reply_id, row.filename, row.content_type, row.size) == (
        ticket.id, None, "Invoice 2024.pdf", "application/pdf", len(data))
    assert (row.uploaded_by_id, row.scan_status, row.deleted_at, row.purged_at) == (customer.id, "skipped", None, None)
    assert row.sha256 == sha256(data)
    assert blobs.read(row.storage_key) == data
    assert blobs.leftovers() == [row.storage_key]  # no temp file, no unfinished upload


def test_the_rows_are_committed_when_it_returns(attach, clean_db, ticket, customer):
    [row] = attach(customer, [("a.txt", b"hello\n")], ticket=ticket)
    with Session(clean_db) as other:  # another connection sees it: the upload committed
        assert other.get(Attachment, row.id).sha256 == sha256(b"hello\n")


def test_it_stores_several_files_at_once_in_their_order(attach, blobs, ticket, agent):
    files = [("scan.png", PNG), ("letter.docx", DOCX), ("notes.txt", text(3000)), ("report.pdf", PDF)]
    rows = attach(agent, files, ticket=ticket)
    assert [r.filename for r in rows] == [name for name, _ in files]
    assert [r.content_type for r in rows] == [
        "image/png", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "text/plain",
        "application/pdf"]
    for row, (_, data) in zip(rows, files, strict=True):
        assert (row.size, row.sha256, row.uploaded_by_id) == (len(data), sha256(data), agent.id)
        assert blobs.read(row.storage_key) == data
    assert sorted(blobs.leftovers()) == sorted(r.storage_key for r in rows)


def test_files_attached_to_a_reply_belong_to_that_reply(attach, db, ticket, customer, agent, make_reply):
    reply = make_reply(ticket, customer)
    rows = attach(customer, [("photo.png", PNG), ("report.pdf", PDF)], reply=reply)
    assert {(r.ticket_id, r.reply_id) for r in rows} == {(ticket.id, reply.id)}
    on_ticket = attach(customer, [("other.pdf", PDF)], ticket=ticket)
    listed, total = listing.list_for_reply(db, actor=agent, reply_id=reply.id)
    assert ([a.id for a in listed], total) == ([r.id for r in rows], 2)
    # The ticket's list holds its own files and those of its replies.
    listed, total = listing.list_for_ticket(db, actor=agent, ticket_id=ticket.id)
    assert ([a.id for a in listed], total) == ([r.id for r in rows + on_ticket], 3)


def test_the_stored_key_is_a_uuid_under_the_ticket_never_the_users_name(attach, blobs, ticket, customer):
    rows = attach(customer, [("../../etc/passwd.txt", b"root:x:0:0\n"), ("..\\evil\u202etxt.pdf", PDF),
                             ("same.pdf", PDF), ("same.pdf", PDF)], ticket=ticket)
    assert [r.filename for r in rows] == ["passwd.txt", "eviltxt.pdf", "same.pdf", "same.pdf"]
    for row in rows:
        assert KEY.match(row.storage_key) and KEY.match(row.storage_key).group(1) == str(ticket.id)
    assert len({r.storage_key for r in rows}) == 4  # the same name twice is two files
    assert blobs.read(rows[2].storage_key) == blobs.read(rows[3].storage_key) == PDF


def test_the_sha256_is_of_the_bytes_however_they_arrive(attach, blobs, ticket, customer):
    data = text(10_000)
    for chunk_size in (1, 7, 4096, 10_000):  # the type check needs 2048 bytes: it gathers them first
        [row] = attach(customer, [("split.txt", data, chunk_size)], ticket=ticket,
                       limits=AttachmentLimits(max_files_per_ticket=10))
        assert (row.size, row.sha256, row.content_type) == (len(data), sha256(data), "text/plain")
        assert blobs.read(row.storage_key) == data


def test_a_file_larger_than_one_s3_part_is_stored_exactly(attach, blobs, ticket, customer):
    data = padded(PDF, 6 * MiB + 12_345)  # two parts of a multipart upload on S3
    limits = AttachmentLimits(max_file_bytes=8 * MiB, max_ticket_bytes=8 * MiB)
    [row] = attach(customer, [("big.pdf", data, 256 * 1024)], ticket=ticket, limits=limits)
    assert (row.size, row.sha256) == (len(data), sha256(data))
    assert sha256(blobs.read(row.storage_key)) == row.sha256
    assert blobs.leftovers() == [row.storage_key]


def test_the_metadata_the_api_shows(attach, db, ticket, customer):
    [row] = attach(customer, [("report.pdf", PDF)], ticket=ticket)
    [public] = listing.attachments_public(db, [row])
    assert public.model_dump(exclude={"created_at"}) == {
        "id": row.id, "ticket_id": ticket.id, "reply_id": None, "filename": "report.pdf",
        "content_type": "application/pdf", "size": len(PDF), "sha256": sha256(PDF),
        "uploaded_by": {"id": customer.id, "name": "Carla Customer", "role": "customer"},
        "scan_status": "skipped", "download_url": f"/api/v1/attachments/{row.id}/download", "deleted_at": None,
    }
    assert public.created_at == row.created_at and "storage_key" not in public.model_dump()
    assert db.exec(select(Attachment)).all() == [row]
