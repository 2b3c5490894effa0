"""Download names and headers come from the stored bytes, never from the name a resident gave."""

import io

import pytest

from openakimat.common.downloads import SANDBOX_POLICY, attachment_response, detect, download_name

PDF = b"%PDF-1.7\n<html><script>alert(1)</script></html>\n%%EOF\n"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 16
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16
TIFF = b"II*\x00" + b"\x00" * 16


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (PDF, ("application/pdf", "pdf")),
        (JPEG, ("image/jpeg", "jpg")),
        (PNG, ("image/png", "png")),
        (TIFF, ("image/tiff", "tif")),
        (b"<!doctype html><script>alert(1)</script>", ("application/octet-stream", "bin")),
        (b"", ("application/octet-stream", "bin")),
    ],
)
def test_the_type_is_read_from_the_bytes_and_the_file_is_left_at_its_start(content, expected):
    handle = io.BytesIO(content)
    handle.read(3)
    assert detect(handle) == expected
    assert handle.tell() == 0


@pytest.mark.parametrize(
    ("original", "extension", "expected"),
    [
        ("x.html", "pdf", "x.pdf"),
        ("scan.pdf", "pdf", "scan.pdf"),
        ("photo.JPEG", "jpg", "photo.jpg"),
        ("report.html.pdf", "pdf", "report_html.pdf"),  # no second extension survives
        ("ситуационная схема.png", "png", "ситуационная_схема.png"),
        ("Өтініш №5 (копия).pdf", "pdf", "Өтініш_5_копия.pdf"),
        ('a"b;c<d>.svg', "png", "a_b_c_d.png"),
        ("../../etc/passwd", "pdf", "passwd.pdf"),
        ("C:\\Users\\me\\evil.hta", "jpg", "evil.jpg"),
        (".html", "pdf", "document.pdf"),
        ("", "tif", "document.tif"),
        ("x" * 200 + ".html", "pdf", "x" * 80 + ".pdf"),
        ("line\r\nbreak.pdf", "pdf", "line_break.pdf"),
    ],
)
def test_the_download_name_is_the_stem_with_the_detected_extension(original, extension, expected):
    assert download_name(original, extension) == expected


def test_the_response_is_a_sandboxed_attachment_typed_by_content():
    response = attachment_response(io.BytesIO(PDF), original_name="x.html")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="x.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX_POLICY
    assert b"".join(response.streaming_content) == PDF


def test_a_name_outside_ascii_is_sent_in_the_encoded_form_with_the_detected_extension():
    response = attachment_response(io.BytesIO(PNG), original_name="схема.html")
    assert response["Content-Type"] == "image/png"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;") and "filename*=utf-8''" in disposition
    assert disposition.endswith(".png") and ".html" not in disposition
