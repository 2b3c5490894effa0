"""The smallest well-formed file of each type the register accepts, for demonstration data, tests
and the smoke tests: each passes `common.filecheck.well_formed` as a real file of its kind would."""

import struct
import zlib


def make_pdf(comment: str = "") -> bytes:
    """A one-page blank PDF; `comment` (ASCII) goes in a comment line after the header."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>",
    ]
    out = b"%PDF-1.4\n" + (b"%% %s\n" % comment.encode("ascii") if comment else b"")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return out


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png() -> bytes:
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)  # 1×1, 8-bit grey
    return (
        b"\x89PNG\r\n\x1a\n"
        + _png_chunk(b"IHDR", header)
        + _png_chunk(b"IDAT", zlib.compress(b"\x00\xff"))
        + _png_chunk(b"IEND", b"")
    )


def _jpeg() -> bytes:
    """An 8×8 grey baseline JPEG: one DC and one AC Huffman code, each "0" (no change, end of block)."""
    one_code = b"\x01" + b"\x00" * 15 + b"\x00"  # one code of length 1, for symbol 0
    return (
        b"\xff\xd8"
        + b"\xff\xdb\x00\x43\x00"
        + b"\x01" * 64  # quantisation table 0: all ones
        + b"\xff\xc0\x00\x0b\x08\x00\x08\x00\x08\x01\x01\x11\x00"  # 8×8, one component
        + b"\xff\xc4\x00\x14\x00"
        + one_code  # DC table 0
        + b"\xff\xc4\x00\x14\x10"
        + one_code  # AC table 0
        + b"\xff\xda\x00\x08\x01\x01\x00\x00\x3f\x00"  # scan header
        + b"\x3f"  # DC difference 0, end of block, padded with ones
        + b"\xff\xd9"
    )


PDF = make_pdf()
PNG = _png()
JPEG = _jpeg()
