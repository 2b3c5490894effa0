"""Whole-file checks of the documents residents hand in, for the type their first bytes claim.

`common.uploads.sniff` reads the leading bytes only, so `%PDF-` followed by a program or a web page
passed as a PDF. These checks read the whole file (at most UPLOAD_MAX_BYTES) and accept it only
if it is built as its type says. No imaging or PDF library is a dependency of the project, so they
are structural checks written here, not renderers:

- **everything**: no signature of a program (ELF, a Windows PE's DOS stub) and no markup a browser
  would run (`<html`, `<script`, `<?php`, `<!doctype`) anywhere in it (markers of five bytes or
  more, so that compressed image data does not match them by chance);
- **PDF**: a `%PDF-1.0`…`%PDF-2.0` header, `startxref` with an offset inside the file that points
  at a cross-reference table (`xref`) or stream (`N G obj`), and `%%EOF` in the last 1 KiB; no
  `/JavaScript`, `/Launch` or `/EmbeddedFile` (a scan of a paper needs none of them);
- **PNG**: every chunk's length and CRC-32, IHDR first with a plausible size, IEND last with
  nothing after it, and the IDAT stream inflated (in pieces, never held whole) to exactly the
  number of bytes its width, height and pixel format need: the image data is decoded, though the
  row filters are not applied;
- **JPEG**: the marker segments walked from SOI to SOS with their lengths, a frame header (SOF)
  with a non-zero size, and an EOI marker after the scan (phones may add data after it);
- **TIFF**: the image file directories followed from the header, each inside the file, the first
  with an image width and length.

What they do not do: render the page or the picture. A file built with care to pass them can still
be a picture of nothing; staff open documents through `common.downloads`, which serves them as
attachments with `nosniff` and a sandbox, so a polyglot never runs on the site's origin.
"""

import re
import struct
import zipfile
import zlib
from typing import IO

CHUNK = 1 << 16
# Markers that have no business in a scan or a photo: programs and markup a browser would run.
FORBIDDEN = (
    b"\x7felf\x01",
    b"\x7felf\x02",
    b"this program cannot be run in dos mode",
    b"<html",
    b"<script",
    b"<?php",
    b"<!doctype",
)
# The names that start a script, a program or an attached file; "/JS" alone is too short to tell
# from compressed bytes, and an action with /JS also names /S /JavaScript.
PDF_ACTIVE = re.compile(rb"/(JavaScript|Launch|EmbeddedFile)\b")
PDF_HEADER = re.compile(rb"%PDF-(1\.[0-7]|2\.0)\s")
PDF_STARTXREF = re.compile(rb"startxref\s+(\d{1,12})\s+%%EOF\s*$")
PDF_XREF_AT = re.compile(rb"\s*(xref\b|\d{1,10}\s+\d{1,5}\s+obj\b)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# Bits per pixel by PNG colour type, per bit of depth (grey, RGB, palette, grey+alpha, RGBA).
PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}
MAX_PIXELS = 200_000_000


def _chunks(file: IO[bytes]):
    """The file's bytes in pieces that overlap by enough for a marker to span two of them."""
    file.seek(0)
    tail = b""
    while piece := file.read(CHUNK):
        yield tail + piece
        tail = piece[-64:]


def no_forbidden_content(file: IO[bytes], *, pdf: bool = False) -> bool:
    for piece in _chunks(file):
        lowered = piece.lower()
        if any(marker in lowered for marker in FORBIDDEN):
            return False
        if pdf and PDF_ACTIVE.search(piece):
            return False
    return True


def _size(file: IO[bytes]) -> int:
    file.seek(0, 2)
    return file.tell()


def pdf_ok(file: IO[bytes]) -> bool:
    size = _size(file)
    file.seek(0)
    if not PDF_HEADER.match(file.read(16)):
        return False
    file.seek(max(0, size - 1024))
    found = PDF_STARTXREF.search(file.read())
    if found is None:
        return False
    offset = int(found.group(1))
    if not 0 < offset < size:
        return False
    file.seek(offset)
    return bool(PDF_XREF_AT.match(file.read(64)))


def png_ok(file: IO[bytes]) -> bool:
    file.seek(0)
    if file.read(8) != PNG_SIGNATURE:
        return False
    inflater = zlib.decompressobj()
    inflated, expected, first, seen_idat = 0, 0, True, False
    while True:
        header = file.read(8)
        if len(header) != 8:
            return False
        length, kind = struct.unpack(">I4s", header)
        if length > 1 << 31:
            return False
        data = file.read(length)
        crc = file.read(4)
        if len(data) != length or len(crc) != 4 or zlib.crc32(kind + data) != struct.unpack(">I", crc)[0]:
            return False
        if first:
            if kind != b"IHDR" or length != 13:
                return False
            width, height, depth, colour, _c, _f, interlace = struct.unpack(">IIBBBBB", data)
            if colour not in PNG_CHANNELS or not 0 < width * height <= MAX_PIXELS or interlace not in (0, 1):
                return False
            if interlace == 0:  # one pass: a filter byte and the packed pixels of each row
                expected = height * (1 + (width * depth * PNG_CHANNELS[colour] + 7) // 8)
            first = False
        elif kind == b"IDAT":
            seen_idat = True
            while data:  # inflate in bounded pieces: a small file may inflate to very much
                inflated += len(inflater.decompress(data, CHUNK))
                data = inflater.unconsumed_tail
                if expected and inflated > expected:
                    return False
        elif kind == b"IEND":
            inflated += len(inflater.flush())
            complete = inflater.eof and (not expected or inflated == expected)
            return seen_idat and complete and file.read(1) == b""


def jpeg_ok(file: IO[bytes]) -> bool:
    size = _size(file)
    file.seek(0)
    if file.read(2) != b"\xff\xd8":
        return False
    framed = False
    while True:
        marker = file.read(2)
        if len(marker) != 2 or marker[0] != 0xFF:
            return False
        kind = marker[1]
        if kind == 0xFF:  # fill byte before a marker
            file.seek(-1, 1)
            continue
        if 0xD0 <= kind <= 0xD7 or kind == 0x01:  # markers without a length
            continue
        raw = file.read(2)
        if len(raw) != 2:
            return False
        length = struct.unpack(">H", raw)[0]
        if length < 2 or file.tell() + length - 2 > size:
            return False
        body = file.read(length - 2)
        if kind in (0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF):
            if len(body) < 5:
                return False
            height, width = struct.unpack(">HH", body[1:5])
            framed = width > 0 and height > 0
        if kind == 0xDA:  # start of scan: the entropy-coded data runs on to an EOI
            tail = b""
            while piece := file.read(CHUNK):
                if b"\xff\xd9" in tail + piece:
                    return framed
                tail = piece[-1:]
            return False


def tiff_ok(file: IO[bytes]) -> bool:
    size = _size(file)
    file.seek(0)
    header = file.read(8)
    order = {b"II": "<", b"MM": ">"}.get(header[:2])
    if order is None or len(header) != 8:
        return False
    offset = struct.unpack(order + "I", header[4:])[0]
    visited: set[int] = set()
    first = True
    while offset:
        if offset in visited or len(visited) > 1000 or not 8 <= offset <= size - 2:
            return False
        visited.add(offset)
        file.seek(offset)
        count = struct.unpack(order + "H", file.read(2))[0]
        entries = file.read(12 * count)
        following = file.read(4)
        if count == 0 or len(entries) != 12 * count or len(following) != 4:
            return False
        if first:
            tags = {struct.unpack(order + "H", entries[i : i + 2])[0] for i in range(0, len(entries), 12)}
            if not {256, 257} <= tags:  # ImageWidth, ImageLength
                return False
            first = False
        offset = struct.unpack(order + "I", following)[0]
    return not first


CHECKS = {"application/pdf": pdf_ok, "image/png": png_ok, "image/jpeg": jpeg_ok, "image/tiff": tiff_ok}


def well_formed(content_type: str, file: IO[bytes]) -> bool:
    """Whether `file` is built as a `content_type` file all the way through, with nothing in it that
    would run. The file is left at its start."""
    try:
        check = CHECKS.get(content_type)
        ok = check is not None and check(file)
        if ok and check is not office_ok:  # a package's parts are compressed: office_ok reads them
            ok = no_forbidden_content(file, pdf=content_type == "application/pdf")
    except (struct.error, zlib.error, zipfile.BadZipFile, ValueError, OverflowError, EOFError, OSError, RuntimeError):
        ok = False
    file.seek(0)
    return ok


# Office documents (meetings' draft decisions and presentations): ZIP packages, told apart by the
# parts inside them, never by the name. OOXML names its main part; ODF stores its MIME type first.
OFFICE_TYPES: dict[str, tuple[str, str]] = {
    "word/document.xml": ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx"),
    "ppt/presentation.xml": ("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx"),
    "xl/workbook.xml": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
}
ODF_TYPES = {
    "application/vnd.oasis.opendocument.text": "odt",
    "application/vnd.oasis.opendocument.presentation": "odp",
    "application/vnd.oasis.opendocument.spreadsheet": "ods",
}
ZIP_SIGNATURE = b"PK\x03\x04"
ZIP_MAX_ENTRIES = 5000
ZIP_MAX_INFLATED = 200 * 1024 * 1024  # a package inflating to more is refused (a "zip bomb")
# Parts that carry macros or programs: a document for the public needs none of them.
OFFICE_ACTIVE = re.compile(
    r"(vbaProject\.bin|vbaData\.xml|activeX/|^Basic/|^Scripts/|\.(exe|dll|js|vbs|bat|cmd|ps1|jar|com|scr)$)", re.I
)


def office_type(file: IO[bytes]) -> tuple[str, str] | None:
    """The (content type, extension) of an office package, from its parts; None for anything else
    (a ZIP of other files, a renamed program, a damaged archive). The file is left at its start."""
    try:
        file.seek(0)
        if file.read(4) != ZIP_SIGNATURE:
            return None
        with zipfile.ZipFile(file) as package:
            names = package.namelist()
            if "mimetype" in names:
                declared = package.read("mimetype").decode("ascii", "replace").strip()
                if declared in ODF_TYPES and "content.xml" in names:
                    return declared, ODF_TYPES[declared]
                return None
            if "[Content_Types].xml" not in names:
                return None
            for part, found in OFFICE_TYPES.items():
                if part in names:
                    return found
            return None
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError, KeyError):
        return None
    finally:
        file.seek(0)


def office_ok(file: IO[bytes]) -> bool:
    """An office package whose every part is within bounds, reads back with the right CRC (it is
    inflated in pieces, never held whole), and holds no macro or program."""
    file.seek(0)
    with zipfile.ZipFile(file) as package:
        infos = package.infolist()
        if not infos or len(infos) > ZIP_MAX_ENTRIES:
            return False
        if sum(i.file_size for i in infos) > ZIP_MAX_INFLATED:
            return False
        inflated = 0
        for info in infos:
            if info.flag_bits & 0x1 or OFFICE_ACTIVE.search(info.filename):  # encrypted, or active
                return False
            with package.open(info) as part:
                while piece := part.read(CHUNK):
                    inflated += len(piece)
                    if inflated > ZIP_MAX_INFLATED:
                        return False
                    if info.filename.endswith((".xml", ".rels")) and b"<script" in piece.lower():
                        return False
    return True


CHECKS.update({content_type: office_ok for content_type, _ in OFFICE_TYPES.values()})
CHECKS.update(dict.fromkeys(ODF_TYPES, office_ok))
