"""POST /tickets and POST /tickets/{id}/replies with files (multipart/form-data) over HTTP: the
message and its files are kept together or not at all, with the attachment endpoints' refusals."""

import pytest

from tests.api.files import multipart, raw_request, refusals
from tests.samples import make_exe, make_pdf, make_png
from tests.support import field_messages

PDF, PNG = make_pdf(), make_png()


def _ticket_form(**fields) -> dict:
    return {"subject": "Printer on fire", "description": "It smokes.", **fields}


def _count(client) -> int:
    return client.get("/tickets").json()["total"]


def test_a_customer_opens_a_ticket_with_files(local_files, as_customer, customer):
    response = as_customer.post("/tickets", data=_ticket_form(priority="high"),
                                files=multipart(("photo.png", PNG), ("receipt.pdf", PDF)))
    assert response.status_code == 201, response.text
    ticket = response.json()
    assert (ticket["subject"], ticket["priority"], ticket["requester"]["id"]) == ("Printer on fire", "high",
                                                                                  customer.id)
    items = as_customer.get(f"/tickets/{ticket['id']}/attachments").json()["items"]
    assert [(i["filename"], i["reply_id"], i["content_type"]) for i in items] == [
        ("photo.png", None, "image/png"), ("receipt.pdf", None, "application/pdf")]
    assert len(local_files.leftovers()) == 2


def test_the_form_without_files_opens_a_plain_ticket(local_files, as_agent, customer):
    response = as_agent.post("/tickets", files=[("subject", (None, "Printer")), ("description", (None, "Smoke")),
                                                 ("requester_id", (None, str(customer.id)))])
    assert response.status_code == 201, response.text
    assert response.json()["requester"]["id"] == customer.id
    assert local_files.leftovers() == []


def test_a_refused_file_keeps_no_ticket_and_no_file(any_files, as_customer):
    response = as_customer.post("/tickets", data=_ticket_form(),
                                files=multipart(("ok.pdf", PDF), ("invoice.pdf", make_exe())))
    assert response.status_code == 415
    assert [(name, why) for name, why, _ in refusals(response)] == [("invoice.pdf", "UnsupportedFileType")]
    assert _count(as_customer) == 0
    assert any_files.leftovers() == []


def test_bad_fields_are_refused_before_any_file_is_stored(local_files, as_customer, customer, other_customer):
    messages = field_messages(as_customer.post("/tickets", data={"subject": " ", "priority": "asap"},
                                               files=multipart(("a.pdf", PDF))))
    assert set(messages) == {"body.description", "body.priority"}
    messages = field_messages(as_customer.post("/tickets", data=_ticket_form(), files=multipart(("a.pdf", PDF))
                                               + [("subject", (None, "late"))]))
    assert messages == {"body.subject": "Send the form's text fields before its files."}
    assert field_messages(as_customer.post("/tickets", data=_ticket_form(subject=" "),
                                           files=multipart(("a.pdf", PDF)))) == {"body.subject": "Enter a subject."}
    response = as_customer.post("/tickets", data=_ticket_form(requester_id=str(other_customer.id)),
                                files=multipart(("a.pdf", PDF)))
    assert response.status_code == 403  # only agents open tickets for someone else
    assert _count(as_customer) == 0 and local_files.leftovers() == []


def test_a_reply_with_files(local_files, as_customer, as_agent, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    response = as_customer.post(f"/tickets/{ticket.id}/replies", data={"body": "Here it is"},
                                files=multipart(("screen.png", PNG)))
    assert response.status_code == 201, response.text
    reply = response.json()
    assert (reply["body"], reply["internal"], reply["author"]["id"]) == ("Here it is", False, customer.id)
    note = as_agent.post(f"/tickets/{ticket.id}/replies", data={"body": "Checked", "internal": "true"},
                         files=multipart(("log.txt", b"fuser at 230C\n"))).json()
    assert note["internal"] is True
    by_reply = {i["reply_id"]: i["filename"] for i in as_agent.get(f"/tickets/{ticket.id}/attachments").json()["items"]}
    assert by_reply == {reply["id"]: "screen.png", note["id"]: "log.txt"}
    assert [i["filename"] for i in as_customer.get(f"/tickets/{ticket.id}/attachments").json()["items"]] == [
        "screen.png"]  # the note's file is the note's: agents only


@pytest.mark.parametrize("case", ["note by a customer", "someone else's ticket", "empty body", "refused file"])
def test_a_refused_reply_keeps_nothing(local_files, as_customer, as_other_customer, make_ticket, customer, case):
    ticket = make_ticket(requester=customer)
    client, data, files, status = {
        "note by a customer": (as_customer, {"body": "psst", "internal": "true"}, [("a.pdf", PDF)], 403),
        "someone else's ticket": (as_other_customer, {"body": "hi"}, [("a.pdf", PDF)], 404),
        "empty body": (as_customer, {"body": "  "}, [("a.pdf", PDF)], 422),
        "refused file": (as_customer, {"body": "hi"}, [("a.pdf", PDF), ("b.png", b"")], 422),
    }[case]
    response = client.post(f"/tickets/{ticket.id}/replies", data=data, files=multipart(*files))
    assert response.status_code == status, response.text
    assert as_customer.get(f"/tickets/{ticket.id}/replies").json()["total"] == 0
    assert local_files.leftovers() == []


def test_who_asks_is_settled_first(local_files, anon, cookie_client_for, customer, make_ticket):
    assert anon.post("/tickets", data=_ticket_form(), files=multipart(("a.pdf", PDF))).status_code == 401
    client, csrf = cookie_client_for(customer)
    assert client.post("/tickets", data=_ticket_form(), files=multipart(("a.pdf", PDF))).status_code == 403
    response = client.post("/tickets", data=_ticket_form(), files=multipart(("a.pdf", PDF)),
                           headers={"X-CSRF-Token": csrf})
    assert response.status_code == 201
    assert len(local_files.leftovers()) == 1


def test_a_body_over_the_limit_is_refused_before_it_is_read(local_files, server_url, as_customer):
    token = as_customer.headers["Authorization"]
    status, _, body = raw_request(server_url, "POST /api/v1/tickets HTTP/1.1\r\nHost: x\r\n"
                                  f"Authorization: {token}\r\nContent-Type: multipart/form-data; boundary=b\r\n"
                                  f"Content-Length: {3 * 1024 * 1024 + 1}\r\n")
    assert status == 413 and b"too large" in body


def test_json_still_opens_and_answers(local_files, as_customer, make_ticket, customer):
    assert as_customer.post("/tickets", json=_ticket_form()).status_code == 201
    ticket = make_ticket(requester=customer)
    assert as_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "Any news?"}).status_code == 201


def test_text_sent_as_files_is_refused_not_skipped(local_files, as_customer, make_ticket, customer):
    ticket = make_ticket(requester=customer)
    for url, data in (("/tickets", _ticket_form()), (f"/tickets/{ticket.id}/replies", {"body": "hi"}),
                      (f"/tickets/{ticket.id}/attachments", {})):
        response = as_customer.post(url, files=[*((k, (None, v)) for k, v in data.items()), ("files", (None, "{}"))])
        assert field_messages(response) == {
            "body.files": "Send each file in the field 'files' as a file (with a filename)."}, url
    assert _count(as_customer) == 1 and local_files.leftovers() == []
