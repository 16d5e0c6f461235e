"""Fixtures for the attachment service tests.

`blobs` is the storage under test, once on local disk and once on the real S3 (SeaweedFS) of
tests/conftest.py, so every test that takes it (or `attach`) runs on both backends. A test
module where the backend does not matter overrides `blobs` with a local one.
"""

from collections.abc import Callable

import pytest

from helpdesk_app.models import Attachment, Reply, Ticket, User
from helpdesk_app.scanner import NoScanner, Scanner
from helpdesk_app.services.conversation import replies
from helpdesk_app.services.attachments.rules import AttachmentLimits
from helpdesk_app.services.attachments.intake import IncomingFile
from helpdesk_app.services.attachments.upload import resolve_target, upload
from helpdesk_app.storage import BlobStorage, S3Storage
from tests.blobs import Blobs, incoming, local_blobs, s3_blobs

KiB, MiB = 1024, 1024 * 1024
# Small limits keep the tests fast; each test that needs others passes its own.
LIMITS = AttachmentLimits(max_file_bytes=64 * KiB, max_files_per_ticket=4, max_ticket_bytes=160 * KiB)


@pytest.fixture(params=["local", "s3"])
def blobs(request, tmp_path) -> Blobs:
    if request.param == "local":
        return local_blobs(tmp_path / "attachments")
    server, bucket = request.getfixturevalue("s3_server"), request.getfixturevalue("s3_bucket")
    # The smallest part S3 allows, so a 6 MB file already takes the multipart path.
    storage = S3Storage(bucket, endpoint_url=server.endpoint_url, access_key=server.access_key,
                        secret_key=server.secret_key, region=server.region, part_size=5 * MiB)
    return s3_blobs(server, bucket, storage)


@pytest.fixture
def ticket(make_ticket, customer) -> Ticket:
    return make_ticket(requester=customer, subject="Invoice is wrong")


@pytest.fixture
def make_reply(db) -> Callable[..., Reply]:
    def make(ticket: Ticket, author: User, *, internal: bool = False, body: str = "See the attached file.") -> Reply:
        reply = replies.add_reply(db, actor=author, ticket_id=ticket.id, body=body, internal=internal)
        db.commit()
        return reply
    return make


@pytest.fixture
def attach(db, blobs) -> Callable[..., list[Attachment]]:
    """attach(actor, [("name.pdf", data) or IncomingFile, ...], ticket=... or reply=...): the upload service
    on the test's storage, with scanning off and the small LIMITS unless told otherwise."""

    def run(actor: User | None, files: list, *, ticket: Ticket | None = None, reply: Reply | None = None,
            scanner: Scanner | None = None, limits: AttachmentLimits = LIMITS,
            storage: BlobStorage | None = None) -> list[Attachment]:
        target = resolve_target(db, actor=actor, ticket_id=ticket.id if ticket else None,
                                reply_id=reply.id if reply else None)
        return upload(db, actor=actor, storage=storage or blobs.storage, scanner=scanner or NoScanner(),
                      limits=limits, target=target,
                      files=[f if isinstance(f, IncomingFile) else incoming(*f) for f in files])

    return run
