"""POST /tickets/{id}/attachments and POST /replies/{id}/attachments over HTTP: what is stored,
every refusal with its status code, and nothing kept from a refused request."""

import pytest

from helpdesk_app.services.attachments import rules
from tests.api.files import FIELDS, refusals, upload, uploaded
from tests.blobs import padded, sha256
from tests.clamd_server import EICAR, EICAR_SIGNATURE
from tests.samples import make_exe, make_pdf, make_png

PDF, PNG = make_pdf(), make_png()
MiB = 1024 * 1024


@pytest.fixture
def ticket(make_ticket, customer):
    return make_ticket(requester=customer, subject="Broken invoice")


def _url(ticket) -> str:
    return f"/tickets/{ticket.id}/attachments"


def test_a_customer_uploads_several_files_to_their_ticket(any_files, as_customer, customer, ticket):
    files = [("report.pdf", padded(PDF, 300_000)), ("screen shot.png", PNG)]
    items = uploaded(as_customer, _url(ticket), *files)
    assert [set(item) for item in items] == [FIELDS, FIELDS]
    for item, (name, data) in zip(items, files, strict=True):
        assert (item["ticket_id"], item["reply_id"], item["filename"], item["size"], item["sha256"]) == (
            ticket.id, None, name, len(data), sha256(data))
        assert item["uploaded_by"] == {"id": customer.id, "name": "Carla Customer", "role": "customer"}
        assert (item["scan_status"], item["deleted_at"]) == ("skipped", None)
        assert item["download_url"] == f"/api/v1/attachments/{item['id']}/download"
        assert as_customer.get(f"/attachments/{item['id']}/download").content == data
    assert [i["content_type"] for i in items] == ["application/pdf", "image/png"]
    assert len(any_files.leftovers()) == 2
    assert as_customer.get(_url(ticket)).json()["items"] == items


def test_files_uploaded_to_a_reply_belong_to_it(local_files, as_customer, as_agent, ticket):
    reply = as_customer.post(f"/tickets/{ticket.id}/replies", json={"body": "Screenshot attached."}).json()
    [item] = uploaded(as_customer, f"/replies/{reply['id']}/attachments", ("screen.png", PNG))
    assert (item["ticket_id"], item["reply_id"]) == (ticket.id, reply["id"])
    answer = as_agent.post(f"/tickets/{ticket.id}/replies", json={"body": "Thanks."}).json()
    # Customers attach to their own replies only; staff to any.
    assert upload(as_customer, f"/replies/{answer['id']}/attachments", ("x.png", PNG)).status_code == 403
    assert upload(as_agent, f"/replies/{answer['id']}/attachments", ("guide.pdf", PDF)).status_code == 201


def test_a_utf8_name_with_spaces_quotes_and_emoji_survives(local_files, as_customer, ticket):
    name = 'Fran\u00e7ois "final" r\u00e9sum\u00e9 \U0001F600 v2.pdf'
    [item] = uploaded(as_customer, _url(ticket), (name, PDF))
    assert item["filename"] == name
    assert as_customer.get(f"/attachments/{item['id']}").json()["filename"] == name


def test_unsafe_names_are_cleaned_for_display(local_files, as_customer, ticket):
    [item] = uploaded(as_customer, _url(ticket), ("../../etc/\u202eevil.txt", b"hello\n"))
    assert item["filename"] == "evil.txt"


# (what, files, status, [(filename, type, message), ...])
LIMIT = "each file can be at most 1 MB."
CASES = [
    ("over the per-file limit", [("big.pdf", padded(PDF, MiB + 1))], 413,
     [("big.pdf", "FileTooLarge", f"big.pdf is too large: {LIMIT}")]),
    ("type not allowed", [("setup.exe", make_exe())], 415,
     [("setup.exe", "UnsupportedFileType", rules.type_not_allowed_message("setup.exe"))]),
    ("exe renamed pdf", [("invoice.pdf", make_exe())], 415,
     [("invoice.pdf", "UnsupportedFileType", "invoice.pdf: the content is a Windows executable, not a PDF document.")]),
    ("empty", [("empty.txt", b"")], 422, [("empty.txt", "EmptyFile", "empty.txt is empty.")]),
    ("several bad, good ones too", [("ok.pdf", PDF), ("big.txt", b"x" * (MiB + 1)), ("fake.png", PDF),
                                    ("empty.csv", b""), ("ok.png", PNG)], 413,
     [("big.txt", "FileTooLarge", f"big.txt is too large: {LIMIT}"),
      ("fake.png", "UnsupportedFileType", "fake.png: the content is a PDF document, not a PNG image."),
      ("empty.csv", "EmptyFile", "empty.csv is empty.")]),
]


@pytest.mark.parametrize(("what", "files", "status", "expected"), CASES, ids=[c[0] for c in CASES])
def test_a_refused_upload_names_each_file_and_stores_nothing(local_files, as_customer, ticket, what, files, status,
                                                             expected):
    response = upload(as_customer, _url(ticket), *files)
    assert response.status_code == status, response.text
    assert refusals(response) == expected
    assert as_customer.get(_url(ticket)).json()["total"] == 0
    assert local_files.leftovers() == []


def test_a_ticket_over_its_total_is_413(local_files, as_customer, as_agent, ticket):
    uploaded(as_customer, _url(ticket), ("a.pdf", padded(PDF, 900 * 1024)), ("b.pdf", padded(PDF, 900 * 1024)))
    response = upload(as_agent, _url(ticket), ("c.pdf", padded(PDF, 300 * 1024)))
    assert response.status_code == 413
    assert refusals(response) == [("c.pdf", "FileTooLarge",
                                   "c.pdf does not fit: a ticket's attachments can total at most 2 MB.")]
    assert len(local_files.leftovers()) == 2


def test_too_many_files_on_a_ticket_is_422(local_files, as_customer, ticket):
    uploaded(as_customer, _url(ticket), *[(f"{n}.png", PNG) for n in range(3)])
    response = upload(as_customer, _url(ticket), ("3.png", PNG), ("4.png", PNG))
    assert response.status_code == 422
    assert refusals(response) == [("4.png", "TooManyFiles", "4.png was not added: a ticket can have at most 4 "
                                                            "attachments.")]
    assert as_customer.get(_url(ticket)).json()["total"] == 3


def test_an_infected_file_is_422_and_nothing_is_stored(configure_files, as_customer, ticket, clamd):
    files = configure_files("local", virus_scan="clamd", clamd_socket=clamd.socket_path)
    [clean] = uploaded(as_customer, _url(ticket), ("clean.pdf", PDF))
    assert clean["scan_status"] == "clean"
    response = upload(as_customer, _url(ticket), ("fine.pdf", PDF), ("eicar.txt", EICAR))
    assert response.status_code == 422
    assert refusals(response) == [("eicar.txt", "FileInfected", f"eicar.txt was refused: the virus scanner found "
                                                                f"{EICAR_SIGNATURE}. The file was not saved.")]
    assert len(files.leftovers()) == 1 and as_customer.get(_url(ticket)).json()["total"] == 1


def test_clamd_unreachable_is_503(configure_files, as_customer, ticket, tmp_path):
    files = configure_files("local", virus_scan="clamd", clamd_socket=tmp_path / "nobody-listens.sock")
    response = upload(as_customer, _url(ticket), ("report.pdf", PDF))
    assert response.status_code == 503
    assert response.json() == {"detail": "The virus scanner is unavailable, so report.pdf was not accepted. "
                                         "Please try again later."}
    assert files.leftovers() == [] and as_customer.get(_url(ticket)).json()["total"] == 0


@pytest.mark.parametrize("storage", ["local", "s3"])
def test_storage_down_is_503(configure_files, as_customer, ticket, storage):
    configure_files(storage, down=True)
    response = upload(as_customer, _url(ticket), ("report.pdf", PDF))
    assert response.status_code == 503
    assert response.json() == {"detail": "File storage is unavailable; nothing was saved. Please try again later."}
    assert as_customer.get(_url(ticket)).json()["total"] == 0


def test_a_request_without_files_is_422(local_files, as_customer, ticket):
    response = as_customer.post(_url(ticket), data={"other": "x"})
    assert response.status_code == 422
    assert [e["loc"] for e in response.json()["detail"]] == [["body", "files"]]


@pytest.mark.parametrize("path", ["/tickets/987654/attachments", "/replies/987654/attachments"])
def test_uploading_to_something_missing_is_404(local_files, as_agent, path):
    assert upload(as_agent, path, ("a.pdf", PDF)).status_code == 404
    assert local_files.leftovers() == []
