"""Text out of the bytes of a CSV file: each line decoded on its own, so that a byte the encoding
can't read is reported on the line it is on — counted in the raw bytes, which is what an editor
shows, whatever quoted cells spanning lines do to the count of rows — and the delimiter sniffed
from the first lines."""

import codecs
import csv
import re
from collections.abc import Iterator
from typing import IO

from django.utils.translation import gettext as _

from openakimat.territory.importers.common import ImportFailed

DELIMITERS = ",;\t|"
_AFTER_LONE_CR = re.compile(r"(?<=\r)(?!\n)")


class NotDecodable(ImportFailed):
    """A line of the file can't be decoded: the message names it."""


SAMPLE_LINES = 20


def decoded_lines(stream: IO[bytes], encoding: str = "utf-8", where: str = "") -> Iterator[str]:
    """The lines of `stream` (a byte-order mark dropped) as text. Raises NotDecodable naming the
    line (1-based, in the raw bytes), the byte and the encoding when a line can't be decoded."""
    utf8 = codecs.lookup(encoding).name == "utf-8"
    for number, raw in enumerate(stream, start=1):
        if number == 1 and utf8 and raw.startswith(codecs.BOM_UTF8):
            raw = raw[len(codecs.BOM_UTF8) :]
        try:
            text = raw.decode(encoding)
        except UnicodeDecodeError as exc:
            message = _(
                "line %(line)s: the byte 0x%(byte)s (character %(column)s of the line) is not %(encoding)s; "
                "save the file as UTF-8 (“CSV UTF-8”)"
            ) % {
                "line": number,
                "byte": raw[exc.start : exc.start + 1].hex().upper(),
                "column": len(raw[: exc.start].decode(encoding, errors="replace")) + 1,
                "encoding": encoding.upper() if utf8 else encoding,
            }
            raise NotDecodable([f"{where}, {message}" if where else message]) from None
        if "\r" in text.rstrip("\r\n"):
            yield from _AFTER_LONE_CR.split(text)  # lines ended by a carriage return alone (old Mac files)
        else:
            yield text


def sniff_delimiter(head: list[str], default: str = ",") -> str:
    """The delimiter of a CSV file from its first lines: csv.Sniffer over the candidates
    `, ; tab |`, else the candidate that splits the first line into the most cells."""
    sample = "".join(head)
    if not sample.strip():
        return default
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        first = next((line for line in head if line.strip()), "")
        counts = {d: len(next(csv.reader([first], delimiter=d), [])) for d in DELIMITERS}
        best = max(counts, key=lambda d: counts[d])
        return best if counts[best] > 1 else default


def delimiter_name(delimiter: str) -> str:
    """How a message names a delimiter: “;”, or a tab."""
    return _("a tab") if delimiter == "\t" else f"“{delimiter}”"
