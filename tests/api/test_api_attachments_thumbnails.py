"""GET /attachments/{id}/thumbnail: a small WebP of an image, made once and kept beside the file,
with the download's permission checks; other files, and images Pillow cannot read, have none."""

import io
from datetime import timedelta

import pytest
from PIL import Image

from helpdesk_app.models import utcnow
from helpdesk_app.services.attachments import deletion
from tests.api.files import uploaded
from tests.samples import make_pdf, make_png

NO_THUMBNAIL = {"detail": "{} has no thumbnail."}


def image_bytes(kind: str, size: tuple[int, int], mode: str = "RGB") -> bytes:
    image = Image.new(mode, size)
    for x in range(0, size[0], 7):  # some content, so the encoders have work to do
        image.putpixel((x, x % size[1]), 1 if mode == "1" else (200, 30, 30))
    out = io.BytesIO()
    image.save(out, kind)
    return out.getvalue()


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer)


def _upload(client, ticket, name: str, data: bytes) -> dict:
    return uploaded(client, f"/tickets/{ticket.id}/attachments", (name, data))[0]


@pytest.mark.parametrize(("name", "kind", "size", "expected"), [
    ("photo.jpg", "JPEG", (1200, 800), (160, 107)),
    ("screen.png", "PNG", (600, 1000), (96, 160)),
    ("tiny.gif", "GIF", (40, 30), (40, 30)),  # never enlarged
    ("pic.webp", "WEBP", (320, 320), (160, 160)),
])
def test_an_image_gets_a_small_webp_made_once(any_files, as_customer, ticket, name, kind, size, expected):
    item = _upload(as_customer, ticket, name, image_bytes(kind, size))
    first = as_customer.get(f"/attachments/{item['id']}/thumbnail")
    assert first.status_code == 200, first.text
    assert first.headers["content-type"] == "image/webp"
    assert first.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in first.headers["content-security-policy"]
    with Image.open(io.BytesIO(first.content)) as thumb:
        assert (thumb.format, thumb.size) == ("WEBP", expected)
    assert len(any_files.leftovers()) == 2  # the file and, beside it, its thumbnail
    again = as_customer.get(f"/attachments/{item['id']}/thumbnail")
    assert again.content == first.content
    assert as_customer.get(f"/attachments/{item['id']}/thumbnail",
                           headers={"If-None-Match": first.headers["etag"]}).status_code == 304


def test_only_those_who_may_see_the_file_see_its_thumbnail(local_files, as_customer, as_other_customer, as_agent,
                                                           anon, ticket):
    item = _upload(as_customer, ticket, "photo.png", image_bytes("PNG", (300, 200)))
    url = f"/attachments/{item['id']}/thumbnail"
    assert as_agent.get(url).status_code == 200
    assert as_other_customer.get(url).status_code == 404
    assert anon.get(url).status_code == 401
    assert as_customer.delete(f"/attachments/{item['id']}").status_code == 204
    assert as_customer.get(url).status_code == 404


@pytest.mark.parametrize(("name", "data"), [
    ("manual.pdf", make_pdf()),  # not an image
    ("broken.png", make_png()[:40] + b"\0" * 200),  # a PNG signature, then nothing Pillow can decode
])
def test_files_without_a_readable_image_have_no_thumbnail(local_files, as_customer, ticket, name, data):
    item = _upload(as_customer, ticket, name, data)
    for _ in range(2):
        response = as_customer.get(f"/attachments/{item['id']}/thumbnail")
        assert (response.status_code, response.json()["detail"]) == (404, f"{name} has no thumbnail.")
    # A PDF is never tried; an image that could not be read is remembered (an empty marker), not tried
    # again on every view.
    thumbs = [key for key in local_files.leftovers() if key.endswith(".thumb")]
    assert [local_files.read(key) for key in thumbs] == ([] if name.endswith(".pdf") else [b""])


def test_an_image_too_large_to_decode_safely_has_no_thumbnail(local_files, as_customer, ticket):
    # 5000 x 4000 = 20 MP of PNG: over the limit for formats decoded at full size, yet a small file.
    item = _upload(as_customer, ticket, "huge.png", image_bytes("PNG", (5000, 4000), mode="1"))
    assert as_customer.get(f"/attachments/{item['id']}/thumbnail").status_code == 404


@pytest.mark.parametrize(("progressive", "status"), [(False, 200), (True, 404)])
def test_a_progressive_jpeg_is_held_to_the_full_decode_limit(local_files, as_customer, ticket, progressive, status):
    # 4200 x 4000 = 16.8 MP: a baseline JPEG is decoded at reduced scale; a progressive one would be
    # decoded whole (libjpeg buffers it all), so it gets the lower limit of the other formats.
    out = io.BytesIO()
    Image.new("L", (4200, 4000)).save(out, "JPEG", progressive=progressive, quality=30)
    item = _upload(as_customer, ticket, "scan.jpg", out.getvalue())
    assert as_customer.get(f"/attachments/{item['id']}/thumbnail").status_code == status


def test_the_purge_removes_the_thumbnail_with_the_file(any_files, as_customer, ticket, db):
    item = _upload(as_customer, ticket, "photo.png", image_bytes("PNG", (300, 200)))
    assert as_customer.get(f"/attachments/{item['id']}/thumbnail").status_code == 200
    assert as_customer.delete(f"/attachments/{item['id']}").status_code == 204
    assert deletion.purge_deleted(db, any_files.storage, deleted_before=utcnow() + timedelta(seconds=1)) == (1, 0)
    assert any_files.leftovers() == []
