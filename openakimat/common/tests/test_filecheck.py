"""The whole-file checks of uploads (common.filecheck): well-formed files of each type pass; a
file that only starts like one, is cut short, or carries a program or a page inside is refused."""

import io
import struct
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from openakimat.common import samples
from openakimat.common.filecheck import well_formed
from openakimat.common.samples import JPEG, PDF, PNG


def ok(content_type, content):
    return well_formed(content_type, io.BytesIO(content))


def test_the_samples_are_well_formed():
    assert ok("application/pdf", PDF) and ok("image/png", PNG) and ok("image/jpeg", JPEG)
    assert ok("application/pdf", samples.make_pdf("a note"))


def test_a_file_is_checked_only_as_its_own_type():
    assert not ok("image/png", PDF) and not ok("application/pdf", PNG) and not ok("image/jpeg", PNG)
    assert not ok("text/html", b"<html></html>")


def test_an_incremental_update_of_a_pdf_is_still_a_pdf():
    xref = len(PDF)
    updated = PDF + b"4 0 obj\n<<>>\nendobj\n" + b"trailer\n<</Size 5/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % 170
    assert ok("application/pdf", updated) and xref > 170


@pytest.mark.parametrize(
    "content",
    [
        b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",  # no cross-reference at all
        PDF.replace(b"startxref\n170", b"startxref\n999999"),  # points outside the file
        PDF.replace(b"startxref\n170", b"startxref\n12"),  # points at no xref
        PDF.replace(b"%PDF-1.4", b"%PDF-9.9"),
        PDF[:-7],
        PDF.replace(b"/Type/Page/", b"/OpenAction<</S/JavaScript>>/Type/Page/"),
        PDF.replace(b"/Type/Page/", b"/Launch/Type/Page/"),
        PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<HTML><body>\n"),
        PDF.replace(b"%PDF-1.4\n", b"%PDF-1.4\n%<!DOCTYPE html>\n"),
    ],
)
def test_a_pdf_that_is_not_one_throughout_is_refused(content):
    assert not ok("application/pdf", content)


def _chunk(kind, data, crc=None):
    crc = zlib.crc32(kind + data) if crc is None else crc
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)


def _png(width, height, raw, *, crc=None, after=b""):
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + _chunk(b"IDAT", zlib.compress(raw), crc)
        + _chunk(b"IEND", b"")
        + after
    )


def test_a_png_is_decoded_to_exactly_its_size():
    assert ok("image/png", _png(2, 2, b"\x00\x01\x02\x00\x03\x04"))
    assert not ok("image/png", _png(2, 2, b"\x00\x01\x02"))  # too few bytes for 2×2
    assert not ok("image/png", _png(1, 1, b"\x00" * 10_000))  # far more than 1×1: a bomb
    assert not ok("image/png", _png(1, 1, b"\x00\xff", crc=0))  # a damaged chunk
    assert not ok("image/png", _png(1, 1, b"\x00\xff", after=b"<html>"))  # something after IEND
    assert not ok("image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 32)  # only the signature


def test_a_jpeg_needs_a_frame_and_an_end():
    assert not ok("image/jpeg", JPEG[:-2])
    assert not ok("image/jpeg", b"\xff\xd8\xff\xe0" + b"\x00" * 40)
    assert not ok("image/jpeg", JPEG.replace(b"\x00\x08\x00\x08", b"\x00\x00\x00\x00"))  # 0×0
    assert ok("image/jpeg", JPEG + b"trailer a phone adds")


def _tiff(tags):
    entries = b"".join(struct.pack("<HHII", tag, 3, 1, 1) for tag in tags)
    return b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", len(tags)) + entries + b"\x00\x00\x00\x00"


def test_a_tiff_needs_a_directory_with_a_size():
    assert ok("image/tiff", _tiff([256, 257, 273]))
    assert not ok("image/tiff", _tiff([273]))
    assert not ok("image/tiff", b"II*\x00" + struct.pack("<I", 4000))
    looped = b"II*\x00" + struct.pack("<I", 8) + struct.pack("<H", 2) + struct.pack("<HHII", 256, 3, 1, 1)
    looped += struct.pack("<HHII", 257, 3, 1, 1) + struct.pack("<I", 8)  # the next directory is itself
    assert not ok("image/tiff", looped)


@given(st.sampled_from([b"%PDF-1.4\n", b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff"]), st.binary())
def test_a_known_header_in_front_of_random_bytes_is_not_a_document(head, tail):
    for content_type in ("application/pdf", "image/png", "image/jpeg"):
        assert not ok(content_type, head + tail)
