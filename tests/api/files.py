"""Helpers for the attachment API tests: multipart uploads and reading their answers."""

import socket

import httpx

# What GET /attachments/{id} (and every list item) shows; never the storage key.
FIELDS = {"id", "ticket_id", "reply_id", "filename", "content_type", "size", "sha256", "uploaded_by", "created_at",
          "scan_status", "download_url", "deleted_at"}


def multipart(*files: tuple[str, bytes]) -> list:
    """The `files` field once per file; the client's content type is ignored by the server anyway."""
    return [("files", (name, data, "application/octet-stream")) for name, data in files]


def upload(client: httpx.Client, url: str, *files: tuple[str, bytes], **kwargs) -> httpx.Response:
    return client.post(url, files=multipart(*files), **kwargs)


def uploaded(client: httpx.Client, url: str, *files: tuple[str, bytes]) -> list[dict]:
    """Upload and expect success: the new attachments."""
    response = upload(client, url, *files)
    assert response.status_code == 201, response.text
    return response.json()["items"]


def refusals(response: httpx.Response) -> list[tuple[str, str, str]]:
    """A refused upload's answer as (filename, why, message) for each refused file."""
    detail = response.json()["detail"]
    assert isinstance(detail, list) and detail, response.text
    for item in detail:
        assert item["loc"] == ["body", "files"] and item["msg"].startswith(item["filename"])
    return [(item["filename"], item["type"], item["msg"]) for item in detail]


def raw_request(server_url: str, head: str, body: bytes = b"") -> tuple[int, dict, bytes]:
    """Send the request line and headers (and `body`, if any: often none at all) and read the answer."""
    host, port = server_url.removeprefix("http://").split(":")
    with socket.create_connection((host, int(port)), timeout=5) as sock:
        sock.sendall(head.encode("latin-1") + b"\r\n" + body)
        data = b""
        while b"\r\n\r\n" not in data:
            data += sock.recv(65536)
        raw_head, answer = data.split(b"\r\n\r\n", 1)
        lines = raw_head.decode("latin-1").split("\r\n")
        headers = dict(line.lower().split(": ", 1) for line in lines[1:])
        while len(answer) < int(headers["content-length"]):
            answer += sock.recv(65536)
    return int(lines[0].split()[1]), headers, answer
