"""upload_with: files for a ticket or reply that create() makes once every file is stored.

Both are committed together or neither; no database write (so no lock) is held while the files
stream in; two uploads racing to the same ticket cannot both pass its limits.
"""

import re
import threading
import time
from collections.abc import Callable, Iterator
import contextlib
from contextlib import contextmanager

import pytest
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from helpdesk_app.models import Attachment, Reply, Ticket, TicketCreate, User
from helpdesk_app.scanner import NoScanner
from helpdesk_app.services.conversation import replies
from helpdesk_app.services import tickets
from helpdesk_app.services.attachments.errors import (
    AttachmentServiceUnavailable, FileTooLarge, TooManyFiles, UnsupportedFileType,
)
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.services.attachments.intake import IncomingFile, UploadRejected
from helpdesk_app.services.attachments.names import ticket_prefix
from helpdesk_app.services.intake.new_ticket import open_ticket_with_files
from helpdesk_app.services.attachments.upload import (
    UploadTarget, resolve_target, upload, upload_with,
)
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.storage import StorageError
from tests.blobs import Blobs, chunks, incoming, local_blobs, padded, sha256, text
from tests.samples import make_exe, make_pdf, make_png
from tests.support import backend_name
from tests.services.conftest import KiB, LIMITS

PDF, PNG = make_pdf(), make_png()
KEY = re.compile(r"^tickets/(\d+)/([0-9a-f]{32})$")
STAGED = re.compile(r"^incoming/([0-9a-f]{32})/([0-9a-f]{32})$")
WAIT = 10  # seconds: no wait in these tests comes near it unless something is stuck


# ---------------------------------------------------------------- helpers


def _run(session: Session, storage, actor: User, files: list[IncomingFile], *, create: Callable[[], UploadTarget],
         ticket: Ticket | None = None, limits: AttachmentLimits = LIMITS) -> UploadTarget:
    return upload_with(session, actor=actor, storage=storage, scanner=NoScanner(), limits=limits, ticket=ticket,
                       files=files, create=create)


def _new_ticket(session: Session, actor: User, log: list[str] | None = None, *,
                subject: str = "Printer on fire") -> Callable[[], UploadTarget]:
    def create() -> UploadTarget:
        if log is not None:
            log.append("create")
        ticket = tickets.create_ticket(session, actor=actor, data=TicketCreate(subject=subject,
                                                                                description="It smokes."))
        return UploadTarget(ticket, None)
    return create


def _new_reply(session: Session, actor: User, ticket: Ticket, log: list[str] | None = None, *,
               body: str = "See the attached files.") -> Callable[[], UploadTarget]:
    def create() -> UploadTarget:
        if log is not None:
            log.append("create")
        return UploadTarget(ticket, replies.add_reply(session, actor=actor, ticket_id=ticket.id, body=body))
    return create


def _logged(log: list[str], name: str, data: bytes) -> IncomingFile:
    """A file that notes in `log` when its last byte has been taken."""
    def stream() -> Iterator[bytes]:
        yield from chunks(data, 8 * KiB)
        log.append(f"sent {name}")
    return IncomingFile(name, stream())


def _committed(engine: Engine):
    """What another connection sees: (tickets, replies, attachments)."""
    with Session(engine) as other:
        return (other.exec(select(Ticket)).all(), other.exec(select(Reply)).all(),
                other.exec(select(Attachment).order_by(Attachment.id)).all())


@pytest.fixture
def local(tmp_path) -> Blobs:
    """Where the backend does not matter (locks, timing): local disk only."""
    return local_blobs(tmp_path / "attachments")


# ---------------------------------------------------------------- a new ticket


def test_a_new_ticket_gets_its_files_once_every_file_is_stored(db, clean_db, blobs, customer):
    log, staged = [], []
    data = {"invoice.pdf": padded(PDF, 40_000), "photo.png": PNG}
    create = _new_ticket(db, customer, log)

    def create_and_look() -> UploadTarget:
        staged.extend(blobs.leftovers())
        return create()

    target = _run(db, blobs.storage, customer, [_logged(log, n, d) for n, d in data.items()], create=create_and_look)

    assert log == ["sent invoice.pdf", "sent photo.png", "create"]
    # While create() ran, both files were already stored, under one staging prefix.
    assert len(staged) == 2 and all(STAGED.match(k) for k in staged)
    assert len({STAGED.match(k).group(1) for k in staged}) == 1
    [ticket], [], rows = _committed(clean_db)
    assert ticket.id == target.ticket.id and target.reply is None
    assert [(r.filename, r.ticket_id, r.reply_id, r.uploaded_by_id) for r in rows] == [
        ("invoice.pdf", ticket.id, None, customer.id), ("photo.png", ticket.id, None, customer.id)]
    for row in rows:
        assert KEY.match(row.storage_key).group(1) == str(ticket.id)
        assert (row.size, row.sha256) == (len(data[row.filename]), sha256(data[row.filename]))
        assert blobs.read(row.storage_key) == data[row.filename]
    # The staged blobs were moved (same names), and nothing is left under incoming/.
    assert sorted(KEY.match(r.storage_key).group(2) for r in rows) == sorted(STAGED.match(k).group(2) for k in staged)
    assert blobs.leftovers() == sorted(r.storage_key for r in rows)


def _invalid_ticket(session, actor, staged, blobs):
    create = _new_ticket(session, actor, subject="")  # tickets.create_ticket refuses: InvalidInput

    def run():
        staged.extend(blobs.leftovers())
        return create()
    return run


def _fails_after_writing(session, actor, staged, blobs):
    create = _new_ticket(session, actor)

    def run():
        staged.extend(blobs.leftovers())
        create()  # the ticket is written (flushed) and takes a number, then something breaks
        raise RuntimeError("the mail server is down")
    return run


@pytest.mark.parametrize(("make_create", "error"), [(_invalid_ticket, InvalidInput),
                                                      (_fails_after_writing, RuntimeError)],
                         ids=["invalid ticket", "failure after the ticket is written"])
def test_when_create_fails_no_ticket_no_row_and_no_blob_remain(db, clean_db, blobs, customer, make_ticket,
                                                                make_create, error):
    staged = []
    with pytest.raises(error):
        _run(db, blobs.storage, customer, [incoming("invoice.pdf", PDF), incoming("photo.png", PNG)],
             create=make_create(db, customer, staged, blobs))
    assert len(staged) == 2  # the files were stored before create() ran...
    assert blobs.leftovers() == []  # ...and removed again
    assert _committed(clean_db) == ([], [], [])
    assert make_ticket(requester=customer).number == 1001  # the failed one's number was rolled back too


def test_when_moving_the_staged_files_fails_nothing_remains(db, clean_db, blobs, customer, monkeypatch):
    """The first file is moved under its ticket, the second move fails: both blobs are removed."""
    real_move, moves = blobs.storage.move, []

    def move(key, new_key):
        moves.append(new_key)
        if len(moves) == 2:
            raise StorageError("injected: storage went away")
        real_move(key, new_key)

    monkeypatch.setattr(blobs.storage, "move", move)
    with pytest.raises(AttachmentServiceUnavailable) as unavailable:
        _run(db, blobs.storage, customer, [incoming("invoice.pdf", PDF), incoming("photo.png", PNG)],
             create=_new_ticket(db, customer))
    assert unavailable.value.filename == "photo.png"
    assert blobs.leftovers() == []
    assert _committed(clean_db) == ([], [], [])


# ---------------------------------------------------------------- a new ticket with a reserved id (PostgreSQL)

postgresql_only = pytest.mark.skipif(backend_name() != "postgresql", reason="SQLite has no sequences to reserve from")


def test_an_id_is_reserved_on_postgresql_only(db):
    first, second = tickets.reserve_id(db), tickets.reserve_id(db)
    if backend_name() == "sqlite":
        assert first is second is None
    else:
        assert second > first


def _reserved_ticket(session: Session, actor: User, reserved: int, seen: list[str], blobs: Blobs):
    def create() -> UploadTarget:
        seen.extend(blobs.leftovers())
        ticket = tickets.create_ticket(session, actor=actor, data=TicketCreate(subject="Printer on fire",
                                                                                description="It smokes."),
                                       ticket_id=reserved)
        return UploadTarget(ticket, None)
    return create


@postgresql_only
def test_a_new_tickets_files_go_straight_under_its_reserved_id(db, clean_db, blobs, customer, monkeypatch):
    """Nothing is staged or moved: on S3 no copy is made while the new ticket's number is locked."""
    monkeypatch.setattr(blobs.storage, "move", lambda *a: pytest.fail("a reserved ticket's files are never moved"))
    reserved, seen = tickets.reserve_id(db), []
    data = {"invoice.pdf": padded(PDF, 40_000), "photo.png": PNG}

    target = upload_with(db, actor=customer, storage=blobs.storage, scanner=NoScanner(), limits=LIMITS, ticket=None,
                         files=[incoming(n, d) for n, d in data.items()], reserved_id=reserved,
                         create=_reserved_ticket(db, customer, reserved, seen, blobs))

    assert len(seen) == 2 and all(KEY.match(k).group(1) == str(reserved) for k in seen)  # stored before create()
    [ticket], [], rows = _committed(clean_db)
    assert ticket.id == target.ticket.id == reserved and ticket.number == 1001
    assert sorted(r.storage_key for r in rows) == sorted(seen) == blobs.leftovers()
    for row in rows:
        assert blobs.read(row.storage_key) == data[row.filename]
    assert tickets.create_ticket(db, actor=customer, data=TicketCreate(subject="Next", description="x")).id > reserved


@postgresql_only
def test_a_failed_create_with_a_reserved_id_leaves_nothing_and_uses_up_no_number(db, clean_db, blobs, customer,
                                                                                  make_ticket):
    reserved, seen = tickets.reserve_id(db), []
    create = _reserved_ticket(db, customer, reserved, seen, blobs)

    def fails_after_writing() -> UploadTarget:
        create()
        raise RuntimeError("the mail server is down")
    with pytest.raises(RuntimeError):
        upload_with(db, actor=customer, storage=blobs.storage, scanner=NoScanner(), limits=LIMITS, ticket=None,
                    files=[incoming("invoice.pdf", PDF)], reserved_id=reserved, create=fails_after_writing)
    assert len(seen) == 1 and blobs.leftovers() == []
    if blobs.name == "local":  # nor the folder made for the ticket that never was
        assert not (blobs.storage.root / ticket_prefix(reserved)).exists()
    assert _committed(clean_db) == ([], [], [])
    assert make_ticket(requester=customer).number == 1001


@postgresql_only
def test_a_new_ticket_with_files_stores_them_under_the_reserved_id(db, clean_db, customer, tmp_path, monkeypatch):
    """The use case the UI, the API and the mail importer call uses the reservation: nothing staged or moved."""
    blobs = local_blobs(tmp_path / "attachments")
    monkeypatch.setattr(blobs.storage, "move", lambda *a: pytest.fail("the files were staged and moved"))

    opened = open_ticket_with_files(db, actor=customer, data=TicketCreate(subject="Printer on fire",
                                                                         description="It smokes."),
                                    files=[incoming("invoice.pdf", PDF)], storage=blobs.storage, scanner=NoScanner(),
                                    limits=LIMITS)

    [ticket], [], [row] = _committed(clean_db)
    assert opened.id == ticket.id and KEY.match(row.storage_key).group(1) == str(ticket.id)
    assert blobs.leftovers() == [row.storage_key]


@postgresql_only
def test_a_create_that_ignores_the_reserved_id_is_refused(db, clean_db, blobs, customer):
    with pytest.raises(RuntimeError, match="not the reserved"):
        upload_with(db, actor=customer, storage=blobs.storage, scanner=NoScanner(), limits=LIMITS, ticket=None,
                    files=[incoming("invoice.pdf", PDF)], reserved_id=tickets.reserve_id(db),
                    create=_new_ticket(db, customer))
    assert blobs.leftovers() == [] and _committed(clean_db) == ([], [], [])


@pytest.mark.parametrize("kind", ["new ticket", "reply"])
def test_a_refused_file_means_create_never_runs_and_nothing_remains(db, clean_db, blobs, customer, ticket, kind):
    log = []
    create = _new_ticket(db, customer, log) if kind == "new ticket" else _new_reply(db, customer, ticket, log)
    before = [[x.id for x in found] for found in _committed(clean_db)]
    with pytest.raises(UploadRejected) as rejected:
        _run(db, blobs.storage, customer, [incoming("good.pdf", PDF), incoming("invoice.pdf", make_exe()),
                                           incoming("photo.png", PNG)],
             create=create, ticket=None if kind == "new ticket" else ticket)
    [failure] = rejected.value.failures
    assert isinstance(failure, UnsupportedFileType) and failure.filename == "invoice.pdf"
    assert log == []
    assert blobs.leftovers() == []
    assert [[x.id for x in found] for found in _committed(clean_db)] == before


# ---------------------------------------------------------------- a reply on an existing ticket


def test_a_reply_and_its_files_are_committed_together(db, clean_db, blobs, customer, agent, ticket):
    log, seen = [], []
    data = {"steps.txt": text(5000), "screen.png": PNG}
    create = _new_reply(db, agent, ticket, log, body="Try these steps.")

    def create_and_look() -> UploadTarget:
        seen.extend(blobs.leftovers())
        return create()

    target = _run(db, blobs.storage, agent, [_logged(log, n, d) for n, d in data.items()], create=create_and_look,
                  ticket=ticket)

    assert log == ["sent steps.txt", "sent screen.png", "create"]
    assert len(seen) == 2 and all(KEY.match(k).group(1) == str(ticket.id) for k in seen)  # no staging needed
    [committed_ticket], [reply], rows = _committed(clean_db)
    assert (reply.id, reply.body, reply.author_id) == (target.reply.id, "Try these steps.", agent.id)
    assert committed_ticket.status == "open"  # the reply's own change is part of the same commit
    assert [(r.filename, r.ticket_id, r.reply_id) for r in rows] == [
        ("steps.txt", ticket.id, reply.id), ("screen.png", ticket.id, reply.id)]
    for row in rows:
        assert blobs.read(row.storage_key) == data[row.filename]
    assert sorted(r.storage_key for r in rows) == sorted(seen) == blobs.leftovers()


@pytest.mark.parametrize("kind", ["new ticket", "reply"])
def test_no_files_at_all_is_fine(db, clean_db, blobs, customer, ticket, kind):
    log = []
    create = _new_ticket(db, customer, log) if kind == "new ticket" else _new_reply(db, customer, ticket, log)
    target = _run(db, blobs.storage, customer, [], create=create, ticket=None if kind == "new ticket" else ticket)
    assert log == ["create"]
    committed_tickets, committed_replies, rows = _committed(clean_db)
    assert target.ticket.id in [t.id for t in committed_tickets]
    assert [r.id for r in committed_replies] == ([] if kind == "new ticket" else [target.reply.id])
    assert rows == []
    assert blobs.leftovers() == []


# ---------------------------------------------------------------- no lock while the files stream in


def _write_elsewhere(engine: Engine, work: Callable[[Session], object]) -> tuple[float, BaseException | None]:
    """work(session) in a connection of its own, committed: the seconds it took and its error, if any.
    A lock wait is cut to 2 s (not SQLite's 10 s busy timeout), so a lock held by the upload fails fast."""
    sqlite = engine.dialect.name == "sqlite"
    start = time.monotonic()
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA busy_timeout=2000" if sqlite else "SET lock_timeout = '2s'")
        conn.commit()
        try:
            with Session(conn, expire_on_commit=False) as other:
                work(other)
                other.commit()
            error = None
        except Exception as e:  # reported by the test
            error = e
        finally:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA busy_timeout=10000" if sqlite else "RESET lock_timeout")
            conn.commit()
    return time.monotonic() - start, error


def _interrupted(name: str, data: bytes, midway: Callable[[], None]) -> IncomingFile:
    """A file that calls midway() after its first half has been taken (the rest is still to come)."""
    def stream() -> Iterator[bytes]:
        half = len(data) // 2
        yield from chunks(data[:half], 4 * KiB)
        midway()
        yield from chunks(data[half:], 4 * KiB)
    return IncomingFile(name, stream())


def test_while_a_new_tickets_file_streams_in_others_can_open_tickets(db, clean_db, local, customer, other_customer):
    outcome = []

    def someone_else_opens_a_ticket():
        outcome.append(_write_elsewhere(clean_db, lambda s: tickets.create_ticket(
            s, actor=other_customer, data=TicketCreate(subject="Meanwhile", description="Another problem."))))

    slow = _interrupted("slow.pdf", padded(PDF, 40_000), someone_else_opens_a_ticket)
    target = _run(db, local.storage, customer, [incoming("first.pdf", PDF), slow], create=_new_ticket(db, customer))

    [(seconds, error)] = outcome
    assert error is None and seconds < 1
    committed_tickets, _, rows = _committed(clean_db)
    # The other ticket was committed first, so it got the first number; ours was only opened after.
    assert sorted((t.number, t.subject) for t in committed_tickets) == [(1001, "Meanwhile"), (1002, "Printer on fire")]
    assert target.ticket.number == 1002
    assert {r.ticket_id for r in rows} == {target.ticket.id} and len(rows) == 2


def test_while_a_replys_file_streams_in_others_can_write_to_the_same_ticket(db, clean_db, local, customer, agent,
                                                                           ticket):
    outcome = []

    def an_agent_replies_too():  # it changes the ticket's row (status, last activity) as well
        outcome.append(_write_elsewhere(clean_db, lambda s: replies.add_reply(
            s, actor=agent, ticket_id=ticket.id, body="Looking into it.")))

    target = _run(db, local.storage, customer,
                  [_interrupted("slow.pdf", padded(PDF, 40_000), an_agent_replies_too)],
                  create=_new_reply(db, customer, ticket, body="Here is the log."), ticket=ticket)

    [(seconds, error)] = outcome
    assert error is None and seconds < 1
    _, committed_replies, [row] = _committed(clean_db)
    assert sorted(r.body for r in committed_replies) == ["Here is the log.", "Looking into it."]
    assert (row.ticket_id, row.reply_id) == (ticket.id, target.reply.id)


def test_while_a_file_for_an_existing_ticket_streams_in_others_can_write_to_it(db, clean_db, local, customer, agent,
                                                                              ticket):
    """The same for the plain upload() (files dropped on the ticket itself)."""
    outcome = []

    def an_agent_replies():
        outcome.append(_write_elsewhere(clean_db, lambda s: replies.add_reply(
            s, actor=agent, ticket_id=ticket.id, body="Looking into it.")))

    [row] = upload(db, actor=customer, storage=local.storage, scanner=NoScanner(), limits=LIMITS,
                   target=resolve_target(db, actor=customer, ticket_id=ticket.id),
                   files=[_interrupted("slow.pdf", padded(PDF, 40_000), an_agent_replies)])

    [(seconds, error)] = outcome
    assert error is None and seconds < 1
    assert [r.id for r in _committed(clean_db)[2]] == [row.id]


# ---------------------------------------------------------------- two uploads racing to one ticket


def _race(engine: Engine, work: Callable[[Session, int], object]) -> list[object]:
    """work(session, i) for i = 0, 1 at once, each in a thread with a session of its own: each one's
    result, or the exception it raised."""
    outcomes: list[object] = [None, None]

    def run(i: int) -> None:
        try:
            with Session(engine, expire_on_commit=False) as session:
                outcomes[i] = work(session, i)
        except BaseException as e:  # reported by the test
            outcomes[i] = e

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(3 * WAIT)
    assert not any(t.is_alive() for t in threads), "an upload is stuck"
    return outcomes


def _meeting(barrier: threading.Barrier, name: str, data: bytes) -> IncomingFile:
    """The last file of an upload: its last byte is only taken once the other upload has got as far.
    Both uploads have then made their first check of the ticket's usage, and neither has committed;
    they go on to record their rows at about the same moment."""
    def stream() -> Iterator[bytes]:
        yield from chunks(data)
        barrier.wait()
    return IncomingFile(name, stream())


@contextmanager
def _inserts_lined_up(engine: Engine) -> Iterator[None]:
    """On PostgreSQL, each upload's INSERT of its rows waits (up to 0.5 s) for the other's, so both hold
    uncommitted rows when they go on to lock the ticket: the worst interleaving, every time rather than
    by chance. (On SQLite the second INSERT waits for the first one to commit: nothing to line up.)"""
    if engine.dialect.name != "postgresql":
        yield
        return
    barrier = threading.Barrier(2, timeout=0.5)

    def after_execute(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("INSERT INTO ATTACHMENTS"):
            with contextlib.suppress(threading.BrokenBarrierError):  # the other one could not get there: fine too
                barrier.wait()

    event.listen(engine, "after_cursor_execute", after_execute)
    try:
        yield
    finally:
        event.remove(engine, "after_cursor_execute", after_execute)


def _one_wins(outcomes: list[object], error: type) -> tuple[int, object]:
    """The winner's number and result, once the other is seen refused for `error` on its last file."""
    winners = [i for i, o in enumerate(outcomes) if not isinstance(o, BaseException)]
    assert len(winners) == 1, f"expected exactly one upload to succeed: {outcomes!r}"
    [winner], loser = winners, outcomes[1 - winners[0]]
    assert isinstance(loser, UploadRejected), f"the other upload should be refused: {loser!r}"
    [failure] = loser.failures
    assert isinstance(failure, error) and failure.filename == f"{1 - winner}-b.pdf"
    return winner, outcomes[winner]


def test_two_uploads_racing_for_the_last_places_on_a_ticket_let_exactly_one_in(attach, clean_db, blobs, ticket,
                                                                             customer):
    attach(customer, [("first.pdf", PDF)], ticket=ticket)
    limits = AttachmentLimits(max_file_bytes=64 * KiB, max_files_per_ticket=3, max_ticket_bytes=1024 * KiB)
    barrier = threading.Barrier(2, timeout=WAIT)

    with _inserts_lined_up(clean_db):
        outcomes = _race(clean_db, lambda session, i: upload(
            session, actor=customer, storage=blobs.storage, scanner=NoScanner(), limits=limits,
            target=resolve_target(session, actor=customer, ticket_id=ticket.id),
            files=[incoming(f"{i}-a.pdf", PDF), _meeting(barrier, f"{i}-b.pdf", PDF)]))

    winner, rows = _one_wins(outcomes, TooManyFiles)
    committed = _committed(clean_db)[2]
    assert [r.filename for r in committed] == ["first.pdf", f"{winner}-a.pdf", f"{winner}-b.pdf"]
    assert [r.id for r in committed[1:]] == [r.id for r in rows]
    assert blobs.leftovers() == sorted(r.storage_key for r in committed)  # the loser's blobs are gone


def test_two_replies_with_files_racing_for_the_last_places_let_exactly_one_in(attach, clean_db, blobs, ticket,
                                                                            customer, agent):
    attach(customer, [("first.pdf", PDF)], ticket=ticket)
    limits = AttachmentLimits(max_file_bytes=64 * KiB, max_files_per_ticket=3, max_ticket_bytes=1024 * KiB)
    barrier = threading.Barrier(2, timeout=WAIT)
    actors = [customer, agent]

    with _inserts_lined_up(clean_db):
        outcomes = _race(clean_db, lambda session, i: _run(
            session, blobs.storage, actors[i], [incoming(f"{i}-a.pdf", PDF), _meeting(barrier, f"{i}-b.pdf", PDF)],
            create=_new_reply(session, actors[i], ticket, body=f"Reply {i}"), ticket=ticket, limits=limits))

    winner, target = _one_wins(outcomes, TooManyFiles)
    _, committed_replies, committed = _committed(clean_db)
    assert [r.body for r in committed_replies] == [f"Reply {winner}"]  # the loser's reply was not kept either
    assert [(r.filename, r.reply_id) for r in committed] == [
        ("first.pdf", None), (f"{winner}-a.pdf", target.reply.id), (f"{winner}-b.pdf", target.reply.id)]
    assert blobs.leftovers() == sorted(r.storage_key for r in committed)


def test_two_uploads_racing_for_the_last_bytes_of_a_ticket_let_exactly_one_in(db, clean_db, local, ticket, customer):
    data = padded(PDF, 20_000)
    upload(db, actor=customer, storage=local.storage, scanner=NoScanner(), limits=LIMITS,
           target=resolve_target(db, actor=customer, ticket_id=ticket.id), files=[incoming("first.pdf", data)])
    # Alone, each upload brings the ticket to 60,000 bytes; together they would make 100,000.
    limits = AttachmentLimits(max_file_bytes=64 * KiB, max_files_per_ticket=10, max_ticket_bytes=70_000)
    barrier = threading.Barrier(2, timeout=WAIT)

    with _inserts_lined_up(clean_db):
        outcomes = _race(clean_db, lambda session, i: upload(
            session, actor=customer, storage=local.storage, scanner=NoScanner(), limits=limits,
            target=resolve_target(session, actor=customer, ticket_id=ticket.id),
            files=[incoming(f"{i}-a.pdf", data), _meeting(barrier, f"{i}-b.pdf", data)]))

    winner, _ = _one_wins(outcomes, FileTooLarge)
    committed = _committed(clean_db)[2]
    assert [r.filename for r in committed] == ["first.pdf", f"{winner}-a.pdf", f"{winner}-b.pdf"]
    assert local.leftovers() == sorted(r.storage_key for r in committed)


def test_no_staging_folder_is_left_on_local_disk(db, local, customer):
    root = local.storage.root
    _run(db, local.storage, customer, [incoming("invoice.pdf", PDF)], create=_new_ticket(db, customer))
    with pytest.raises(InvalidInput):  # refused after the file was staged
        _run(db, local.storage, customer, [incoming("photo.png", PNG)],
             create=_new_ticket(db, customer, subject=""))
    with pytest.raises(UploadRejected):  # refused while staging
        _run(db, local.storage, customer, [incoming("a.pdf", PDF), incoming("b.exe", make_exe())],
             create=_new_ticket(db, customer))
    assert list((root / "incoming").iterdir()) == []
    assert len(local.leftovers()) == 1  # the one ticket's file
