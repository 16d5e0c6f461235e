"""The `files` parts of a multipart/form-data request body, parsed as the body arrives.

Unlike FastAPI's `UploadFile`, nothing is spooled: each file's bytes go on to the upload
service (and so to storage) as they come, and the body is not read before the route has
checked who is asking and where the files go. Other form fields are skipped.
"""

from collections import deque
from collections.abc import AsyncIterator

from python_multipart.exceptions import FormParserError
from python_multipart.multipart import MultipartParser, parse_options_header
from starlette.requests import Request

from helpdesk_app.services.attachments import rules
from helpdesk_app.services.common.errors import InvalidInput
from helpdesk_app.services.attachments.streamed import EXTRA_FILES, Piece, check_file_index

FIELD = "files"
NOT_MULTIPART = "Send the files as multipart/form-data, one or more in the field 'files'."
MALFORMED = "The multipart/form-data body is malformed; nothing was saved."
TOO_MANY_PARTS = "The form has far too many fields; nothing was saved."
EXTRA_FIELDS = 16  # other form fields a client may send along (skipped)


def _decode(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return raw.decode("latin-1")


class _PartReader:
    """python-multipart's callbacks, turned into Pieces of the `files` parts."""

    def __init__(self, charset: str, max_files: int):
        self.charset, self.max_files = charset, max_files
        self.parts = 0
        self.ready: deque[Piece] = deque()
        self.index = -1
        self.filename: str | None = None  # None: the current part is not a file we keep
        self.headers: dict[bytes, bytes] = {}
        self.field, self.value = b"", b""
        self.complete = False  # the closing boundary was seen: the last file is whole

    def on_end(self) -> None:
        self.complete = True

    def on_part_begin(self) -> None:
        self.headers, self.filename = {}, None
        self.parts += 1
        if self.parts > self.max_files + EXTRA_FILES + EXTRA_FIELDS:  # each part costs work: not thousands
            raise InvalidInput({FIELD: TOO_MANY_PARTS})

    def on_header_field(self, data: bytes, start: int, end: int) -> None:
        self.field += data[start:end]

    def on_header_value(self, data: bytes, start: int, end: int) -> None:
        self.value += data[start:end]

    def on_header_end(self) -> None:
        self.headers[self.field.lower()] = self.value
        self.field, self.value = b"", b""

    def on_headers_finished(self) -> None:
        disposition, options = parse_options_header(self.headers.get(b"content-disposition"))
        name = _decode(options.get(b"name", b""), self.charset)
        if disposition == b"form-data" and name == FIELD and b"filename" in options:
            self.index += 1
            self.filename = rules.unescape_form_filename(_decode(options[b"filename"], self.charset))
            check_file_index(self.index, self.filename, self.max_files)
            self.ready.append(Piece(self.index, self.filename, b""))  # announces it, even if empty

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.filename is not None:  # a view of immutable bytes, not a copy
            part = memoryview(data)[start:end] if type(data) is bytes else bytes(data[start:end])
            self.ready.append(Piece(self.index, self.filename, part))


async def file_pieces(request: Request, max_files: int) -> AsyncIterator[Piece]:
    """Each file of the `files` field, in pieces, as the body streams in.

    InvalidInput (422, on the `files` field) for a body that is not multipart or is malformed,
    holds no file at all, or far too many parts; UploadRejected (TooManyFiles) as soon as a
    file far beyond `max_files` starts; starlette's ClientDisconnect if the client goes away.
    """
    content_type, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise InvalidInput({FIELD: NOT_MULTIPART})
    reader = _PartReader(params.get(b"charset", b"utf-8").decode("latin-1"), max_files)
    callbacks = {name: getattr(reader, name) for name in (
        "on_part_begin", "on_header_field", "on_header_value", "on_header_end", "on_headers_finished",
        "on_part_data", "on_end")}
    parser = MultipartParser(boundary, callbacks)
    try:
        async for chunk in request.stream():
            parser.write(chunk)
            while reader.ready:
                yield reader.ready.popleft()
        parser.finalize()
    except FormParserError:
        raise InvalidInput({FIELD: MALFORMED}) from None
    if not reader.complete:  # cut short: the last file would be stored truncated
        raise InvalidInput({FIELD: MALFORMED})
    while reader.ready:
        yield reader.ready.popleft()
    if reader.index < 0:
        raise InvalidInput({FIELD: "Choose at least one file to upload (the form field 'files')."})
