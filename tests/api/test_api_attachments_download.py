"""GET (and HEAD) /attachments/{id}/download on both storage backends: the exact bytes, safe
headers, ETag, Range and inline previews; and the 404s and 503s around them."""

from datetime import timedelta
from urllib.parse import unquote

import pytest
from sqlmodel import update

from helpdesk_app import cli
from helpdesk_app.models import Attachment, utcnow
from tests.api.files import uploaded
from tests.blobs import padded, sha256
from tests.samples import make_pdf, make_png, make_zip

PDF, PNG = make_pdf(), make_png()
DATA = padded(PDF, 700_000)  # bigger than one read chunk


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer)


def _put(client, ticket, name: str, data: bytes) -> str:
    [item] = uploaded(client, f"/tickets/{ticket.id}/attachments", (name, data))
    return f"/attachments/{item['id']}/download"


def _disposition(header: str) -> tuple[str, str, str]:
    """(type, ASCII fallback, the RFC 5987 name decoded) from a Content-Disposition header."""
    kind, fallback, extended = (part.strip() for part in header.split(";"))
    assert fallback.startswith('filename="') and fallback.endswith('"')
    assert extended.startswith("filename*=UTF-8''")
    return kind, fallback[len('filename="'):-1], unquote(extended.removeprefix("filename*=UTF-8''"), errors="strict")


def test_it_serves_the_exact_bytes_with_safe_headers(any_files, as_agent, as_customer, ticket):
    url = _put(as_customer, ticket, "report.pdf", DATA)
    response = as_agent.get(url)
    assert response.status_code == 200
    assert response.content == DATA and sha256(response.content) == sha256(DATA)
    headers = response.headers
    assert headers["content-length"] == str(len(DATA))
    assert headers["content-type"] == "application/octet-stream"
    assert _disposition(headers["content-disposition"]) == ("attachment", "report.pdf", "report.pdf")
    assert headers["x-content-type-options"] == "nosniff"
    csp = headers["content-security-policy"]
    assert "sandbox" in csp and "default-src 'none'" in csp and "script-src" not in csp
    assert headers["etag"] == f'"{sha256(DATA)}"'
    assert "private" in headers["cache-control"]


def test_a_utf8_name_is_sent_exactly_with_an_ascii_fallback(local_files, as_customer, ticket):
    name = 'Fran\u00e7ois "final" r\u00e9sum\u00e9; 100% \U0001F600 v2.pdf'
    url = _put(as_customer, ticket, name, PDF)
    kind, fallback, exact = _disposition(as_customer.get(url).headers["content-disposition"])
    assert (kind, exact) == ("attachment", name)
    assert fallback.isascii() and not set(fallback) & set('"\\;')
    assert fallback == "Fran_ois _final_ r_sum__ 100% _ v2.pdf"


def test_if_none_match_answers_304(any_files, as_customer, ticket):
    url = _put(as_customer, ticket, "report.pdf", DATA)
    etag = as_customer.get(url).headers["etag"]
    for sent in (etag, f"W/{etag}", f'"other", {etag}', "*"):
        response = as_customer.get(url, headers={"If-None-Match": sent})
        assert (response.status_code, response.content) == (304, b""), sent
        assert response.headers["etag"] == etag
    assert as_customer.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


@pytest.mark.parametrize(("asked", "start", "end"), [
    ("bytes=0-0", 0, 0), ("bytes=10-99", 10, 99), ("bytes=650000-", 650_000, 699_999), ("bytes=-50", 699_950, 699_999),
    ("bytes=699990-800000", 699_990, 699_999),
])
def test_a_range_request_gets_206_and_just_those_bytes(any_files, as_customer, ticket, asked, start, end):
    url = _put(as_customer, ticket, "report.pdf", DATA)
    response = as_customer.get(url, headers={"Range": asked})
    assert response.status_code == 206
    assert response.headers["content-range"] == f"bytes {start}-{end}/{len(DATA)}"
    assert response.content == DATA[start:end + 1]
    assert response.headers["content-length"] == str(end - start + 1)


def test_an_unsatisfiable_range_is_416(any_files, as_customer, ticket):
    url = _put(as_customer, ticket, "report.pdf", DATA)
    response = as_customer.get(url, headers={"Range": f"bytes={len(DATA)}-"})
    assert response.status_code == 416
    assert response.headers["content-range"] == f"bytes */{len(DATA)}"


def test_head_gives_the_headers_without_the_body(any_files, as_customer, ticket):
    url = _put(as_customer, ticket, "report.pdf", DATA)
    response = as_customer.head(url)
    assert (response.status_code, response.content) == (200, b"")
    assert response.headers["content-length"] == str(len(DATA))
    assert response.headers["etag"] == f'"{sha256(DATA)}"'
    assert response.headers["content-disposition"].startswith("attachment;")
    assert as_customer.head(url, headers={"Range": "bytes=0-9"}).status_code == 206


@pytest.mark.parametrize(("name", "data", "inline_type"), [
    ("photo.png", PNG, "image/png"), ("report.pdf", PDF, "application/pdf"),
    ("notes.txt", b"Plain words, no markup.\n", None), ("logs.zip", make_zip([("a.txt", "a")]), None),
])
def test_inline_only_for_images_and_pdfs(local_files, as_customer, ticket, name, data, inline_type):
    url = _put(as_customer, ticket, name, data)
    response = as_customer.get(url, params={"inline": "1"})
    assert response.content == data
    kind = _disposition(response.headers["content-disposition"])[0]
    if inline_type:
        assert (kind, response.headers["content-type"]) == ("inline", inline_type)
    else:  # everything else stays a download, never rendered by the browser
        assert (kind, response.headers["content-type"]) == ("attachment", "application/octet-stream")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "sandbox" in response.headers["content-security-policy"]


@pytest.mark.parametrize("storage", ["local", "s3"])
def test_bytes_missing_from_storage_are_404(configure_files, db, as_customer, ticket, storage):
    files = configure_files(storage)
    url = _put(as_customer, ticket, "report.pdf", PDF)
    [key] = files.leftovers()
    files.storage.delete(key)
    response = as_customer.get(url)
    assert response.status_code == 404
    assert response.json() == {"detail": "The file report.pdf was deleted and is no longer stored."}


def test_s3_down_at_download_is_503(configure_files, as_customer, ticket):
    configure_files("s3")
    url = _put(as_customer, ticket, "report.pdf", PDF)
    configure_files("s3", down=True)
    response = as_customer.get(url)
    assert response.status_code == 503
    assert response.json() == {"detail": "File storage is unavailable. Please try again later."}


@pytest.mark.parametrize("storage", ["local", "s3"])
def test_after_the_purge_the_download_is_404(configure_files, db, as_customer, as_admin, ticket, storage):
    files = configure_files(storage)
    url = _put(as_customer, ticket, "old.pdf", PDF)
    kept = _put(as_customer, ticket, "kept.pdf", PDF)
    assert as_customer.delete(url.removesuffix("/download")).status_code == 204
    assert cli.main(["attachments", "purge", "--older-than", "30d"]) == 0
    assert as_admin.get(url).content == PDF  # deleted just now: still within the retention period
    db.exec(update(Attachment).where(Attachment.filename == "old.pdf")
            .values(deleted_at=utcnow() - timedelta(days=31)))
    db.commit()
    assert cli.main(["attachments", "purge", "--older-than", "30d"]) == 0
    response = as_admin.get(url)
    assert (response.status_code, response.json()) == (
        404, {"detail": "The file old.pdf was deleted and is no longer stored."})
    assert len(files.leftovers()) == 1 and as_customer.get(kept).content == PDF
