"""When something breaks during an upload (scanner, storage, client, database), on both backends:
the caller gets a clear error and neither a row nor stored bytes stay behind."""

import pytest
from sqlalchemy import delete, event, update
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlmodel import func, select

from helpdesk_app.models import Attachment, Ticket
from helpdesk_app.scanner import ClamdScanner, ScannerUnavailable
from helpdesk_app.services.attachments.errors import AttachmentServiceUnavailable, FileInfected, UnsupportedFileType
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.services.attachments.intake import IncomingFile, UploadRejected
from helpdesk_app.storage import StorageError
from tests.blobs import down_storage, failing_midway, padded, text
from tests.clamd_server import EICAR, EICAR_SIGNATURE
from tests.samples import make_exe, make_pdf
from tests.services.conftest import MiB

PDF = make_pdf()


def _nothing_left(db, blobs) -> None:
    db.expire_all()
    assert db.exec(select(Attachment)).all() == []
    assert blobs.leftovers() == []


# ---------------------------------------------------------------- virus scanning (a real clamd)


def test_a_clean_scan_is_recorded(attach, blobs, ticket, customer, clamd):
    [row] = attach(customer, [("report.pdf", PDF)], ticket=ticket, scanner=ClamdScanner(socket_path=clamd.socket_path))
    assert row.scan_status == "clean"
    assert attach(customer, [("unscanned.pdf", PDF)], ticket=ticket)[0].scan_status == "skipped"


def test_an_infected_file_is_refused_and_nothing_is_stored(attach, db, blobs, ticket, customer, clamd):
    scanner = ClamdScanner(host=clamd.host, port=clamd.port)
    infected = b"Please run this:\n" + EICAR + b"\nthanks\n"
    with pytest.raises(UploadRejected) as rejected:
        attach(customer, [("clean.pdf", PDF), ("tool.txt", infected)], ticket=ticket, scanner=scanner)
    [failure] = rejected.value.failures
    assert isinstance(failure, FileInfected) and failure.filename == "tool.txt"
    assert failure.message == (f"tool.txt was refused: the virus scanner found {EICAR_SIGNATURE}. "
                               "The file was not saved.")
    _nothing_left(db, blobs)


def test_an_unreachable_scanner_refuses_the_upload_rather_than_skip_the_scan(attach, db, blobs, ticket, customer,
                                                                             tmp_path):
    scanner = ClamdScanner(socket_path=str(tmp_path / "no-clamd.sock"), timeout=1)
    with pytest.raises(AttachmentServiceUnavailable) as refused:
        attach(customer, [("report.pdf", PDF)], ticket=ticket, scanner=scanner)
    assert refused.value.message == "The virus scanner is unavailable, so report.pdf was not accepted. " \
                                    "Please try again later."
    _nothing_left(db, blobs)


class _GoesAway:
    """clamd that answers for the first file and is gone for the next."""

    def __init__(self, real: ClamdScanner):
        self.real, self.calls = real, 0

    def start(self):
        self.calls += 1
        if self.calls > 1:
            raise ScannerUnavailable("clamd went away")
        return self.real.start()


def test_a_scanner_failing_after_the_first_file_leaves_nothing(attach, db, blobs, ticket, customer, clamd):
    scanner = _GoesAway(ClamdScanner(socket_path=clamd.socket_path))
    with pytest.raises(AttachmentServiceUnavailable):
        attach(customer, [("first.pdf", PDF), ("second.pdf", PDF)], ticket=ticket, scanner=scanner)
    _nothing_left(db, blobs)  # first.pdf was scanned and stored, then removed


def test_a_scanner_failing_after_a_refused_file_keeps_the_refusal(attach, db, blobs, ticket, customer, clamd):
    """The request is refused already: the answer still names the refused file (not a bare 503),
    and names the file that could not be checked."""
    scanner = _GoesAway(ClamdScanner(socket_path=clamd.socket_path))
    with pytest.raises(UploadRejected) as rejected:
        attach(customer, [("fake.pdf", make_exe()), ("second.pdf", PDF), ("third.txt", b"notes"),
                          ("fourth.pdf", make_exe())], ticket=ticket, scanner=scanner)
    assert [(type(f), f.filename, f.message) for f in rejected.value.failures] == [
        (UnsupportedFileType, "fake.pdf", "fake.pdf: the content is a Windows executable, not a PDF document."),
        (AttachmentServiceUnavailable, "second.pdf",
         "second.pdf could not be checked: the virus scanner is unavailable. Please try again later."),
        # The files after it are judged without asking the scanner again (each ask can take its timeout).
        (UnsupportedFileType, "fourth.pdf", "fourth.pdf: the content is a Windows executable, not a PDF document."),
    ]
    assert scanner.calls == 2
    _nothing_left(db, blobs)


# ---------------------------------------------------------------- storage


def test_storage_that_is_down_gives_a_clear_error_and_no_row(attach, db, blobs, ticket, customer, tmp_path):
    with pytest.raises(AttachmentServiceUnavailable) as refused:
        attach(customer, [("report.pdf", PDF)], ticket=ticket, storage=down_storage(blobs.name, tmp_path))
    assert refused.value.message == "File storage is unavailable; nothing was saved. Please try again later."
    _nothing_left(db, blobs)


class _FailsOnSecondSave:
    """A backend that stores the first file and breaks on the second (after reading it)."""

    def __init__(self, real):
        self.real, self.saves = real, 0

    def save(self, key, chunks, **options):
        self.saves += 1
        if self.saves > 1:
            for _ in chunks:
                pass
            raise StorageError("disk full")
        return self.real.save(key, chunks, **options)

    def __getattr__(self, name):
        return getattr(self.real, name)


def test_storage_failing_on_a_later_file_removes_the_earlier_ones(attach, db, blobs, ticket, customer):
    with pytest.raises(AttachmentServiceUnavailable):
        attach(customer, [("a.pdf", PDF), ("b.pdf", PDF)], ticket=ticket, storage=_FailsOnSecondSave(blobs.storage))
    _nothing_left(db, blobs)


# ---------------------------------------------------------------- the client goes away


@pytest.mark.parametrize("sent", [10_000, 5 * MiB + 512 * 1024], ids=["small", "past-one-s3-part"])
def test_a_client_disconnecting_midway_leaves_nothing(attach, db, blobs, ticket, customer, sent):
    limits = AttachmentLimits(max_file_bytes=8 * MiB, max_ticket_bytes=16 * MiB)
    gone = ConnectionResetError("the client went away")
    files = [IncomingFile("complete.pdf", iter([PDF])), failing_midway("partial.pdf", padded(PDF, sent), gone)]
    with pytest.raises(ConnectionResetError):
        attach(customer, files, ticket=ticket, limits=limits)
    _nothing_left(db, blobs)  # neither complete.pdf nor the part of partial.pdf (nor an open S3 upload)


# ---------------------------------------------------------------- the database


@pytest.mark.parametrize("where", ["insert", "commit"])
def test_a_database_error_removes_the_stored_files(attach, db, blobs, ticket, customer, where):
    def fail(*args):
        if where == "commit" or args[2].startswith("INSERT INTO attachments"):
            raise OperationalError("INSERT INTO attachments", {}, Exception("disk I/O error"))

    target, name = (db, "before_commit") if where == "commit" else (db.get_bind(), "before_cursor_execute")
    event.listen(target, name, fail)
    try:
        with pytest.raises(OperationalError):
            attach(customer, [("a.pdf", PDF), ("b.txt", text(5000))], ticket=ticket)
    finally:
        event.remove(target, name, fail)
    _nothing_left(db, blobs)
    assert db.get(Ticket, ticket.id) is not None


def test_a_ticket_deleted_during_the_upload_leaves_no_files(attach, db, clean_db, blobs, ticket, customer):
    """A real constraint error: the ticket goes away (another connection) while the file streams in."""
    def stream():
        yield PDF
        with clean_db.begin() as other:
            other.execute(delete(Ticket).where(Ticket.id == ticket.id))

    with pytest.raises(IntegrityError):
        attach(customer, [("first.pdf", PDF), IncomingFile("second.pdf", stream())], ticket=ticket)
    _nothing_left(db, blobs)


class _Replacing:
    """A real backend with some of its methods replaced: _Replacing(real, delete=failing)."""

    def __init__(self, real, **methods):
        self.real, self.methods = real, methods

    def __getattr__(self, name):
        return self.methods.get(name) or getattr(self.real, name)


def _fails(message: str):
    def method(*_):
        raise StorageError(message)
    return method


def test_storage_failing_to_flush_leaves_no_row_and_no_files(attach, db, blobs, ticket, customer):
    cannot_flush = _Replacing(blobs.storage, make_durable=_fails("local storage: fsync failed: [Errno 5] I/O error"))
    with pytest.raises(AttachmentServiceUnavailable) as refused:
        attach(customer, [("a.pdf", PDF), ("b.pdf", PDF)], ticket=ticket, storage=cannot_flush)
    assert refused.value.message == "File storage is unavailable; nothing was saved. Please try again later."
    _nothing_left(db, blobs)


def _writable_now(engine, ticket_id: int) -> bool:
    """Whether another connection could write the ticket at once (SQLite: the database's write
    lock is free; PostgreSQL: the ticket's row is not locked)."""
    with engine.connect() as other:
        try:
            if engine.dialect.name == "sqlite":
                other.exec_driver_sql("PRAGMA busy_timeout=0")
                other.execute(update(Ticket).where(Ticket.id == ticket_id).values(subject=Ticket.subject))
            else:
                other.execute(select(Ticket.id).where(Ticket.id == ticket_id).with_for_update(nowait=True))
            return True
        except OperationalError:
            return False
        finally:
            other.rollback()
            if engine.dialect.name == "sqlite":
                other.exec_driver_sql("PRAGMA busy_timeout=10000")


def test_the_bytes_are_durable_before_any_row_and_no_lock_waits_on_the_disk(attach, db, clean_db, blobs, ticket,
                                                                           customer):
    seen = []

    def looking_flush(keys):
        """Looks from another connection, while the blobs are flushed, at what is committed and locked."""
        with clean_db.connect() as other:
            seen.append(other.execute(select(func.count()).select_from(Attachment)).scalar())
        seen.append(_writable_now(clean_db, ticket.id))
        blobs.storage.make_durable(keys)

    rows = attach(customer, [("a.pdf", PDF), ("b.pdf", PDF)], ticket=ticket,
                  storage=_Replacing(blobs.storage, make_durable=looking_flush))
    assert seen == [0, True] and len(rows) == 2
    assert len(db.exec(select(Attachment)).all()) == 2


def test_an_infected_file_is_still_refused_as_infected_when_removing_it_fails(attach, db, blobs, ticket, customer,
                                                                              clamd):
    with pytest.raises(UploadRejected) as rejected:
        attach(customer, [("eicar.txt", EICAR)], ticket=ticket,
               storage=_Replacing(blobs.storage, delete=_fails("S3 delete failed: InternalError")),
               scanner=ClamdScanner(socket_path=clamd.socket_path))
    assert [type(f) for f in rejected.value.failures] == [FileInfected]  # a 422 that says why, not a 500
    assert db.exec(select(Attachment)).all() == []
