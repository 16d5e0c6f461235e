"""Which files may be attached: each allowed extension, its label, the type we store and
serve, and what libmagic may report for it from the first 2048 bytes.

The sniffed sets were checked with libmagic 5.44 (Debian libmagic1) on files the tests
build (tests/samples.py). Containers are reported loosely from so few
bytes, hence the extra entries:
- Office Open XML and OpenDocument files are ZIPs; libmagic names the specific type only
  when the right entry comes early (e.g. `[Content_Types].xml` before `_rels/.rels`,
  an uncompressed `mimetype` first), else plain application/zip.
- Old Office files are OLE2 compound files; when the directory lies beyond the first
  2048 bytes libmagic can only say application/x-ole-storage (or CDFV2).
"""

from dataclasses import dataclass

OOXML = "application/vnd.openxmlformats-officedocument."
ODF = "application/vnd.oasis.opendocument."
OLE2 = frozenset({"application/x-ole-storage", "application/CDFV2", "application/vnd.ms-office"})
ZIP = "application/zip"


@dataclass(frozen=True)
class FileKind:
    label: str  # "PDF document": for messages and the file picker
    content_type: str  # what we store and serve, whatever was sniffed
    sniffed: frozenset[str] = frozenset()  # what libmagic may report for a genuine file
    text: bool = False  # plain text of any flavour; see text_allowed()


def _kind(label: str, content_type: str, *also: str, text: bool = False) -> FileKind:
    return FileKind(label, content_type, frozenset({content_type, *also}), text)


_CONTAINERS = {OOXML + s for s in ("wordprocessingml.document", "spreadsheetml.sheet", "presentationml.presentation")}
_CONTAINERS |= {ODF + s for s in ("text", "spreadsheet", "presentation")}

KINDS: dict[str, FileKind] = {
    "pdf": _kind("PDF document", "application/pdf"),
    "txt": _kind("text file", "text/plain", text=True),
    "csv": _kind("CSV file", "text/csv", text=True),
    "rtf": _kind("Rich Text document", "application/rtf", "text/rtf"),
    # Word has long saved RTF under a .doc name; Word opens it either way.
    "doc": _kind("Word document", "application/msword", *OLE2, "text/rtf"),
    "docx": _kind("Word document", OOXML + "wordprocessingml.document", ZIP),
    "xls": _kind("Excel workbook", "application/vnd.ms-excel", *OLE2),
    "xlsx": _kind("Excel workbook", OOXML + "spreadsheetml.sheet", ZIP),
    "ppt": _kind("PowerPoint presentation", "application/vnd.ms-powerpoint", *OLE2),
    "pptx": _kind("PowerPoint presentation", OOXML + "presentationml.presentation", ZIP),
    "odt": _kind("OpenDocument text", ODF + "text", ZIP),
    "ods": _kind("OpenDocument spreadsheet", ODF + "spreadsheet", ZIP),
    "odp": _kind("OpenDocument presentation", ODF + "presentation", ZIP),
    "png": _kind("PNG image", "image/png"),
    "jpg": _kind("JPEG image", "image/jpeg"),
    "jpeg": _kind("JPEG image", "image/jpeg"),
    "gif": _kind("GIF image", "image/gif"),
    "webp": _kind("WebP image", "image/webp"),
    "eml": _kind("email message", "message/rfc822"),  # see mail_allowed()
    # A document container or an e-book is a ZIP too; Java and Android packages are not welcome.
    "zip": _kind("ZIP archive", ZIP, *_CONTAINERS, "application/epub+zip"),
    "7z": _kind("7z archive", "application/x-7z-compressed"),
}

# Markup a browser would render and scripts (libmagic knows them by their #! line or tags).
_NOT_TEXT = frozenset({
    "text/html", "text/xml", "application/xml", "application/xhtml+xml", "image/svg+xml", "text/javascript",
    "text/x-shellscript", "text/x-php", "text/x-perl", "text/x-ruby", "text/x-python", "text/x-lua", "text/x-tcl",
    "text/x-awk", "text/x-nawk", "text/x-gawk", "text/x-msdos-batch",
})


def text_allowed(sniffed: str) -> bool:
    """Plain text in any dialect libmagic guesses (it calls prose text/x-c at times), never markup or scripts."""
    if sniffed in _NOT_TEXT or sniffed.startswith("text/x-script."):
        return False
    return sniffed.startswith("text/") or sniffed == "application/json"


def mail_allowed(sniffed: str, head: bytes) -> bool:
    """libmagic says message/rfc822 only for some first headers (From:, Received:, ...); a mail starting
    with Subject:, Message-ID: or X-...: is text/plain, or text/html when its body is HTML. Text that
    begins with a header line is a mail; an HTML page renamed .eml begins with `<` and is refused."""
    if sniffed == "message/rfc822":
        return True
    first = head.split(b"\n", 1)[0]
    name, colon, _ = first.partition(b":")
    is_header = bool(colon) and bool(name) and all(33 <= c <= 126 for c in name)
    return (is_header or first.startswith(b"From ")) and sniffed.startswith("text/")  # "From " opens mbox-style saves


_DESCRIPTIONS = {
    "application/vnd.microsoft.portable-executable": "a Windows executable",
    "application/x-dosexec": "a Windows executable",
    "application/x-msi": "a Windows installer",
    "application/x-ms-shortcut": "a Windows shortcut",
    "application/x-executable": "a Linux executable",
    "application/x-pie-executable": "a Linux executable",
    "application/x-sharedlib": "a Linux library",
    "application/x-mach-binary": "a macOS executable",
    "application/java-archive": "a Java archive",
    "application/vnd.android.package-archive": "an Android app",
    "application/javascript": "a JavaScript program",
    "text/html": "an HTML page",
    "application/xhtml+xml": "an HTML page",
    "image/svg+xml": "an SVG image",
    "text/xml": "an XML document",
    "text/x-shellscript": "a shell script",
    "text/x-msdos-batch": "a batch script",
    "text/x-php": "a PHP script",
    "text/x-script.python": "a Python script",
    "text/plain": "plain text",
    "application/x-ole-storage": "an OLE compound document",
}


def _with_article(label: str) -> str:
    return f"{'an' if label[0].lower() in 'aeiou' else 'a'} {label}"


def describe(sniffed: str) -> str:
    """How a message names content: "a Windows executable", "a PNG image", ..."""
    if sniffed in _DESCRIPTIONS:
        return _DESCRIPTIONS[sniffed]
    if sniffed.startswith("text/x-script.") or sniffed in _NOT_TEXT:
        return "a script"
    kind = next((k for k in KINDS.values() if k.content_type == sniffed), None)
    return _with_article(kind.label) if kind else f"a file of type {sniffed}"


def label_with_article(ext: str) -> str:
    return _with_article(KINDS[ext].label)


# For the browser: the same list, in the shapes <input accept> and react-dropzone (rx.upload) want.
ACCEPT = ",".join(f".{ext}" for ext in KINDS)
DROPZONE_ACCEPT: dict[str, list[str]] = {}
for _ext, _k in KINDS.items():
    DROPZONE_ACCEPT.setdefault(_k.content_type, []).append(f".{_ext}")
EXTENSION_LABELS = {ext: k.label for ext, k in KINDS.items()}
ALLOWED_SUMMARY = ("PDF, text and CSV, RTF, Word, Excel, PowerPoint and OpenDocument files, "
                   "images (PNG, JPG, GIF, WebP), emails (EML) and archives (ZIP, 7z)")
