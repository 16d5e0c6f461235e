"""The upload guard (api/upload_guard.py) in front of the server, as in production: an oversized
upload is refused before its body is read, or cut off as soon as it grows too large."""

import json
import time

import pytest

from helpdesk_app.services.identity.sessions import SESSION_COOKIE
from tests.api.files import multipart, raw_request, refusals
from tests.blobs import padded
from tests.samples import make_pdf

MiB = 1024 * 1024
TOO_LARGE = {"detail": "The upload is too large: a ticket holds at most 2 MB of files."}  # the test limit


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer)


def test_a_declared_content_length_over_the_limit_is_413_before_any_body_is_sent(
        local_files, server_url, sign_in, customer, ticket):
    token = sign_in(customer).token
    started = time.perf_counter()
    status, headers, body = raw_request(server_url, (
        f"POST /api/v1/tickets/{ticket.id}/attachments HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        f"Authorization: Bearer {token}\r\nContent-Type: multipart/form-data; boundary=x\r\n"
        f"Content-Length: {500 * MiB}\r\n"))
    assert (status, json.loads(body)) == (413, TOO_LARGE)
    assert headers["content-type"] == "application/json"
    assert time.perf_counter() - started < 1  # answered at once, without waiting for 500 MB
    assert local_files.leftovers() == []


def test_a_client_sending_an_oversized_body_reads_the_413(local_files, as_customer, ticket):
    # httpx sends the whole body before it reads: the answer must still reach it, not a reset.
    for size in (4 * MiB, 24 * MiB, 24 * MiB, 48 * MiB):
        response = as_customer.post(f"/tickets/{ticket.id}/attachments",
                                    files=multipart(("big.pdf", padded(make_pdf(), size))))
        assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert local_files.leftovers() == []


def test_a_body_without_length_is_cut_off_once_it_grows_too_large(local_files, as_customer, ticket):
    def body():
        yield (b'--b\r\nContent-Disposition: form-data; name="files"; filename="a.pdf"\r\n'
               b"Content-Type: application/pdf\r\n\r\n" + make_pdf())
        for _ in range(64):  # 4 MB in all, sent chunked
            yield b"\0" * 65536
        yield b"\r\n--b--\r\n"

    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=body(),
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert (response.status_code, response.json()) == (413, TOO_LARGE)
    assert as_customer.get(f"/tickets/{ticket.id}/attachments").json()["total"] == 0
    assert local_files.leftovers() == []


def test_under_the_request_limit_the_service_judges_each_file(local_files, as_customer, ticket):
    response = as_customer.post(f"/tickets/{ticket.id}/attachments",
                                files=multipart(("big.pdf", padded(make_pdf(), 2 * MiB))))
    assert response.status_code == 413
    assert refusals(response) == [("big.pdf", "FileTooLarge", "big.pdf is too large: each file can be at most 1 MB.")]


def test_reflex_uploads_need_a_session_before_the_body_is_read(local_files, server_url, sign_in, customer):
    head = "POST /_upload HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: multipart/form-data; boundary=x\r\n" \
           "Content-Length: 1000\r\n"
    status, _, body = raw_request(server_url, head)
    assert (status, json.loads(body)) == (401, {"detail": "Not signed in."})
    status, _, _ = raw_request(server_url, head + f"Cookie: {SESSION_COOKIE}=forged\r\n")
    assert status == 401
    # With a valid session the guard lets it through (this API-only app has no /_upload route: 404).
    status, _, _ = raw_request(server_url, head + f"Cookie: {SESSION_COOKIE}={sign_in(customer).token}\r\n")
    assert status == 404
