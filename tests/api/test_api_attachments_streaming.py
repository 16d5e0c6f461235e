"""Uploads over the REST API are parsed as they arrive: who asks and where the files go are checked
before the body is read, the bytes reach storage while the body is still coming, and a body that
is cut short, malformed or not multipart stores nothing."""

import json
import socket
import time

import pytest

from tests.api.files import raw_request, uploaded
from tests.blobs import padded
from tests.samples import make_pdf, make_png

PDF = make_pdf()
KiB = 1024


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer)


def _head(path: str, length: int, *extra: str) -> str:
    lines = [f"POST /api/v1{path} HTTP/1.1", "Host: 127.0.0.1", f"Content-Length: {length}",
             "Content-Type: multipart/form-data; boundary=b", *extra]
    return "\r\n".join(lines) + "\r\n"


def _part(name: str, data: bytes, field: str = "files") -> bytes:
    return (f'--b\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"


def _wait_for(condition, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


@pytest.mark.parametrize("who", ["forged token", "another customer", "cookie without CSRF header"])
def test_a_caller_who_may_not_upload_is_answered_before_the_body_is_sent(
        local_files, server_url, sign_in, other_customer, customer, ticket, who):
    extra = {
        "forged token": "Authorization: Bearer forged",
        "another customer": f"Authorization: Bearer {sign_in(other_customer).token}",
        "cookie without CSRF header": f"Cookie: helpdesk_session={sign_in(customer).token}",
    }[who]
    started = time.perf_counter()
    # 1.5 MB announced (under the test limit), not a byte of it sent: the answer must come anyway.
    status, _, body = raw_request(server_url, _head(f"/tickets/{ticket.id}/attachments", 1536 * KiB, extra))
    assert time.perf_counter() - started < 2
    assert status == {"forged token": 401, "another customer": 404, "cookie without CSRF header": 403}[who]
    assert json.loads(body)["detail"]
    assert local_files.leftovers() == []


def test_the_bytes_reach_storage_while_the_body_is_still_arriving_and_a_disconnect_leaves_nothing(
        local_files, server_url, sign_in, customer, ticket, as_customer):
    token = sign_in(customer).token
    head = _head(f"/tickets/{ticket.id}/attachments", 1536 * KiB, f"Authorization: Bearer {token}")
    first = _part("report.pdf", padded(PDF, 1400 * KiB))[:600 * KiB]
    host, port = server_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(head.encode() + b"\r\n" + first)
        # Nothing spooled first: a temporary file in storage grows while the rest is still to come.
        assert _wait_for(lambda: local_files.leftovers() != []), "no bytes reached storage mid-upload"
    # The client went away: the temporary file is removed and no attachment exists.
    assert _wait_for(lambda: local_files.leftovers() == []), local_files.leftovers()
    assert as_customer.get(f"/tickets/{ticket.id}/attachments").json()["total"] == 0


def test_a_body_cut_short_before_its_closing_boundary_stores_nothing(local_files, as_customer, ticket):
    body = _part("a.pdf", PDF) + _part("b.pdf", padded(PDF, 20 * KiB))[:10 * KiB]  # no closing boundary
    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=body,
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "files"]
    assert "malformed" in response.json()["detail"][0]["msg"]
    assert local_files.leftovers() == []
    assert as_customer.get(f"/tickets/{ticket.id}/attachments").json()["total"] == 0


@pytest.mark.parametrize("content_type", ["application/json", "multipart/form-data", "text/plain"])
def test_a_body_that_is_not_multipart_is_422(local_files, as_customer, ticket, content_type):
    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=b'{"files": []}',
                                headers={"Content-Type": content_type})
    assert response.status_code == 422
    assert response.json()["detail"] == [{"loc": ["body", "files"], "type": "value_error", "msg": (
        "Send the files as multipart/form-data, one or more in the field 'files'.")}]


def test_other_form_fields_are_skipped_and_files_keep_their_order(local_files, as_customer, ticket):
    body = (b'--b\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n' + _part("one.pdf", PDF)
            + _part("ignored.png", make_png(), field="other") + _part("two.png", make_png()) + b"--b--\r\n")
    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=body,
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 201, response.text
    assert [i["filename"] for i in response.json()["items"]] == ["one.pdf", "two.png"]
    assert len(local_files.leftovers()) == 2


def test_an_empty_file_between_two_good_ones_is_named(local_files, as_customer, ticket):
    body = _part("one.pdf", PDF) + _part("empty.txt", b"") + _part("two.pdf", PDF) + b"--b--\r\n"
    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=body,
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 422
    assert [(d["filename"], d["type"]) for d in response.json()["detail"]] == [("empty.txt", "EmptyFile")]
    assert local_files.leftovers() == []
    assert uploaded(as_customer, f"/tickets/{ticket.id}/attachments", ("one.pdf", PDF))


def test_stalled_uploads_hold_no_database_connection(local_files, server_url, sign_in, customer, ticket,
                                                     as_customer, app_engine):
    token = sign_in(customer).token
    head = _head(f"/tickets/{ticket.id}/attachments", 1536 * KiB, f"Authorization: Bearer {token}")
    host, port = server_url.removeprefix("http://").split(":")
    in_use_before = app_engine.pool.checkedout()  # the test's own session, if it holds one
    stalled = [socket.create_connection((host, int(port)), timeout=5) for _ in range(3)]
    try:
        for sock in stalled:  # signed in, target checked, part of the file sent, then nothing
            sock.sendall(head.encode() + b"\r\n" + _part("report.pdf", padded(PDF, 1400 * KiB))[:400 * KiB])
        assert _wait_for(lambda: len(local_files.leftovers()) == 3)  # each one's bytes are arriving
        # Waiting for the network, they keep no connection from the pool: others are served at once.
        assert app_engine.pool.checkedout() == in_use_before
        started = time.perf_counter()
        assert as_customer.get(f"/tickets/{ticket.id}/attachments").status_code == 200
        assert time.perf_counter() - started < 1
    finally:
        for sock in stalled:
            sock.close()
    assert _wait_for(lambda: local_files.leftovers() == [])


def test_an_upload_that_stalls_is_dropped_with_408(local_files, settings_override, server_url, sign_in, customer,
                                                  ticket, as_customer):
    settings_override(upload_idle_seconds=1)
    token = sign_in(customer).token
    started = time.perf_counter()
    status, headers, body = raw_request(
        server_url, _head(f"/tickets/{ticket.id}/attachments", 1536 * KiB, f"Authorization: Bearer {token}"),
        _part("report.pdf", padded(PDF, 1400 * KiB))[:300 * KiB])
    assert (status, json.loads(body)["detail"]) == (408, "The upload stalled (no data for 1 s); nothing was saved.")
    assert time.perf_counter() - started < 4
    assert _wait_for(lambda: local_files.leftovers() == [])
    assert as_customer.get(f"/tickets/{ticket.id}/attachments").json()["total"] == 0


def test_an_upload_that_trickles_past_its_time_limit_is_dropped_with_408(local_files, settings_override, server_url,
                                                                         sign_in, customer, ticket, as_customer):
    """A kilobyte every 0.1 s never trips the idle limit; the limit on the whole upload ends it."""
    settings_override(upload_max_seconds=1)
    token = sign_in(customer).token
    host, port = server_url.removeprefix("http://").split(":")
    part = _part("report.pdf", padded(PDF, 1400 * KiB))
    started, answer = time.perf_counter(), b""
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(_head(f"/tickets/{ticket.id}/attachments", 1536 * KiB, f"Authorization: Bearer {token}")
                     .encode() + b"\r\n" + part[:100 * KiB])
        sock.settimeout(0.1)
        sent = 100 * KiB
        while b"\r\n\r\n" not in answer and time.perf_counter() - started < 10:
            try:
                answer += sock.recv(65536)
            except TimeoutError:
                sock.sendall(part[sent:sent + KiB])
                sent += KiB
        sock.settimeout(5)
        while not answer.endswith(b"}"):
            answer += sock.recv(65536)
    assert answer.startswith(b"HTTP/1.1 408")
    assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["detail"] == \
        "The upload stalled (not finished after 1 s); nothing was saved."
    assert time.perf_counter() - started < 4
    assert _wait_for(lambda: local_files.leftovers() == [])
    assert as_customer.get(f"/tickets/{ticket.id}/attachments").json()["total"] == 0


def test_far_more_files_than_a_ticket_can_hold_are_refused_as_soon_as_the_margin_is_passed(
        local_files, as_customer, ticket):
    # The test limit is 4 files: files 5 to 20 are each judged ("too many"); the 21st stops the reading.
    body = b"".join(_part(f"f{i}.txt", b"hello\n") for i in range(1000)) + b"--b--\r\n"
    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=body,
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 422
    assert [(d["filename"], d["type"]) for d in response.json()["detail"]] == [("f20.txt", "TooManyFiles")]
    assert local_files.leftovers() == []


def test_a_body_of_endless_tiny_fields_is_refused_early(local_files, as_customer, ticket):
    fields = b"".join(f'--b\r\nContent-Disposition: form-data; name="x{i}"\r\n\r\n1\r\n'.encode()
                      for i in range(20_000))
    started = time.perf_counter()
    response = as_customer.post(f"/tickets/{ticket.id}/attachments", content=fields + b"--b--\r\n",
                                headers={"Content-Type": "multipart/form-data; boundary=b"})
    assert response.status_code == 422
    assert response.json()["detail"][0]["msg"] == "The form has far too many fields; nothing was saved."
    assert time.perf_counter() - started < 2
