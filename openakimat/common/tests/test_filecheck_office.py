"""Office documents are recognised by the parts inside them, never by their name."""

import io
import zipfile

import pytest
from django.core.exceptions import ValidationError

from openakimat.common.uploads import check_upload

OFFICE = ["pdf", "docx", "pptx", "odt"]


def package(parts: dict[str, bytes | str]) -> io.BytesIO:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in parts.items():
            archive.writestr(name, content)
    buffer.seek(0)
    return buffer


def test_docx_pptx_odt_are_recognised():
    docx = package({"[Content_Types].xml": "<Types/>", "word/document.xml": "<d/>"})
    assert check_upload(docx, "decision.pdf", OFFICE).extension == "docx"
    pptx = package({"[Content_Types].xml": "<Types/>", "ppt/presentation.xml": "<p/>"})
    assert check_upload(pptx, "slides.pptx", OFFICE).extension == "pptx"
    odt = package({"mimetype": "application/vnd.oasis.opendocument.text", "content.xml": "<c/>"})
    assert check_upload(odt, "text.odt", OFFICE).extension == "odt"


@pytest.mark.parametrize(
    "parts",
    [
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<d/>", "word/vbaProject.bin": b"macro"},
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<d/>", "run.exe": b"MZ"},
        {"readme.txt": "a plain zip"},
        {"[Content_Types].xml": "<Types/>", "word/document.xml": "<script>alert(1)</script>"},
    ],
)
def test_macros_programs_and_other_zips_are_refused(parts):
    with pytest.raises(ValidationError):
        check_upload(package(parts), "decision.docx", OFFICE)


def test_a_renamed_program_is_refused():
    program = io.BytesIO(b"MZ\x90\x00" + b"\x00" * 60 + b"This program cannot be run in DOS mode.")
    with pytest.raises(ValidationError):
        check_upload(program, "decision.docx", OFFICE)


def test_office_files_are_refused_where_not_accepted():
    docx = package({"[Content_Types].xml": "<Types/>", "word/document.xml": "<d/>"})
    with pytest.raises(ValidationError):
        check_upload(docx, "scan.pdf", ["pdf", "jpg"])
