"""The `files` parts of a multipart/form-data request body, parsed as the body arrives, and the
text fields sent before them.

Unlike FastAPI's `UploadFile`, nothing is spooled: each file's bytes go on to the upload
service (and so to storage) as they come, and the body is not read before the route has
checked who is asking and where the files go. The text fields a route asks for (a new ticket's
subject, a reply's body) must come before the first file, so they can be checked before a byte
of the files is stored; other form fields are skipped.
"""

from collections import deque
from collections.abc import AsyncIterator
from dataclasses import dataclass

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
FIELD_MAX_BYTES = 256 * 1024  # a text field: 50,000 characters of up to 4 bytes each, and room to spare
FIELD_AFTER_FILES = "Send the form's text fields before its files."


@dataclass(frozen=True)
class FormField:
    """A text field the route asked for, whole."""

    name: str
    value: str


def _decode(raw: bytes, charset: str) -> str:
    try:
        return raw.decode(charset)
    except (UnicodeDecodeError, LookupError):
        return raw.decode("latin-1")


class _PartReader:
    """python-multipart's callbacks, turned into Pieces of the `files` parts and the wanted FormFields."""

    def __init__(self, charset: str, max_files: int, fields: frozenset[str] = frozenset()):
        self.charset, self.max_files, self.fields = charset, max_files, fields
        self.parts = 0
        self.ready: deque[Piece | FormField] = deque()
        self.text: tuple[str, bytearray] | None = None  # the wanted text field being read
        self.index = -1
        self.filename: str | None = None  # None: the current part is not a file we keep
        self.headers: dict[bytes, bytes] = {}
        self.field, self.value = b"", b""
        self.complete = False  # the closing boundary was seen: the last file is whole

    def on_end(self) -> None:
        self.complete = True

    def on_part_begin(self) -> None:
        self.headers, self.filename, self.text = {}, None, None
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
        elif disposition == b"form-data" and name == FIELD:  # text where a file should be: refused, not skipped
            raise InvalidInput({FIELD: "Send each file in the field 'files' as a file (with a filename)."})
        elif disposition == b"form-data" and name in self.fields and b"filename" not in options:
            if self.index >= 0:
                raise InvalidInput({name: FIELD_AFTER_FILES})
            self.text = (name, bytearray())

    def on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self.filename is not None:  # a view of immutable bytes, not a copy
            part = memoryview(data)[start:end] if type(data) is bytes else bytes(data[start:end])
            self.ready.append(Piece(self.index, self.filename, part))
        elif self.text is not None:
            name, value = self.text
            value += data[start:end]
            if len(value) > FIELD_MAX_BYTES:
                raise InvalidInput({name: "This field is far too long."})

    def on_part_end(self) -> None:
        if self.text is not None:
            name, value = self.text
            try:
                self.ready.append(FormField(name, value.decode("utf-8")))
            except UnicodeDecodeError:
                raise InvalidInput({name: "Send the text as UTF-8."}) from None


def is_multipart(request: Request) -> bool:
    return parse_options_header(request.headers.get("content-type"))[0] == b"multipart/form-data"


def file_pieces(request: Request, max_files: int) -> AsyncIterator[Piece]:
    """Each file of the `files` field, in pieces, as the body streams in.

    InvalidInput (422, on the `files` field) for a body that is not multipart or is malformed,
    holds no file at all, or far too many parts; UploadRejected (TooManyFiles) as soon as a
    file far beyond `max_files` starts; starlette's ClientDisconnect if the client goes away.
    """
    return form_parts(request, max_files)


async def form_parts(request: Request, max_files: int, fields: frozenset[str] = frozenset(),
                     require_files: bool = True) -> AsyncIterator[Piece | FormField]:
    """file_pieces, with the text fields named in `fields` first, each as a FormField (InvalidInput
    on its name if it comes after a file, is far too long, or is not UTF-8)."""
    content_type, params = parse_options_header(request.headers.get("content-type"))
    boundary = params.get(b"boundary")
    if content_type != b"multipart/form-data" or not boundary:
        raise InvalidInput({FIELD: NOT_MULTIPART})
    reader = _PartReader(params.get(b"charset", b"utf-8").decode("latin-1"), max_files, fields)
    callbacks = {name: getattr(reader, name) for name in (
        "on_part_begin", "on_header_field", "on_header_value", "on_header_end", "on_headers_finished",
        "on_part_data", "on_part_end", "on_end")}
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
    if reader.index < 0 and require_files:
        raise InvalidInput({FIELD: "Choose at least one file to upload (the form field 'files')."})


async def leading_fields(parts: AsyncIterator[Piece | FormField]) -> tuple[dict[str, str], AsyncIterator[Piece]]:
    """The text fields before the first file (read now), and the files' pieces (read as they are taken)."""
    fields: dict[str, str] = {}
    first: Piece | None = None
    async for part in parts:
        if isinstance(part, FormField):
            fields[part.name] = part.value
        else:
            first = part
            break

    async def pieces() -> AsyncIterator[Piece]:
        if first is None:
            return
        yield first
        async for piece in parts:
            yield piece
    return fields, pieces()
