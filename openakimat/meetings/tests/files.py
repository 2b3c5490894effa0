"""Small documents for the upload tests, built in memory."""

import io
import zipfile

from openakimat.common import samples


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        package.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships/>')
        package.writestr("word/document.xml", '<?xml version="1.0"?><w:document>Жоба</w:document>')
    return buffer.getvalue()


def docm() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as package:
        package.writestr("[Content_Types].xml", "<Types/>")
        package.writestr("word/document.xml", "<w:document/>")
        package.writestr("word/vbaProject.bin", b"\x00macro")
    return buffer.getvalue()


def pdf() -> bytes:
    return samples.make_pdf("Draft decision")


EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 56 + b"This program cannot be run in DOS mode.\r\n" + b"\x00" * 200
