"""The worker's thumbnail consumer: previews of new images are made ahead of their first view."""

import pytest

from helpdesk_app.services.attachments import deletion, thumbnails
from helpdesk_app.services.attachments.names import thumbnail_key
from tests.blobs import local_blobs
from tests.samples import make_pdf, make_png


@pytest.fixture
def blobs(tmp_path):
    return local_blobs(tmp_path / "attachments")


def test_it_makes_the_thumbnails_of_images_only(db, attach, blobs, ticket, customer, agent):
    png, pdf, gone = attach(customer, [("a.png", make_png()), ("b.pdf", make_pdf()), ("c.png", make_png())],
                            ticket=ticket)
    deletion.delete_attachment(db, actor=agent, attachment_id=gone.id)
    db.expire_all()
    assert thumbnails.prepare(db, storage=blobs.storage, attachment_ids=[png.id, pdf.id, gone.id, 987]) == 2
    made = blobs.read(thumbnail_key(png.storage_key))
    assert made[:4] == b"RIFF" and made[8:12] == b"WEBP"
    assert thumbnail_key(pdf.storage_key) not in blobs.leftovers()
    # A page asking for it now gets those very bytes, not a new rendering.
    assert thumbnails.thumbnail(db, actor=customer, storage=blobs.storage, attachment_id=png.id)[1] == made
    assert thumbnails.prepare(db, storage=blobs.storage, attachment_ids=[png.id]) == 1  # seen twice: harmless
    assert blobs.read(thumbnail_key(png.storage_key)) == made
