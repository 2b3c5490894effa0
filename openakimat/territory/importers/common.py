"""What both importers share: the all-or-nothing error, reading the bytes as UTF-8, the audit id
of a source file and the precision of coordinates."""

from decimal import Decimal

COORDINATE_PLACES = 5
QUANTUM = Decimal(1).scaleb(-COORDINATE_PLACES)  # 0.00001
AUDIT_OBJECT_ID_MAX = 64


class ImportFailed(Exception):
    """The file has problems; `errors` lists every one of them, each naming its place in the file."""

    def __init__(self, errors: list[str]) -> None:
        super().__init__(f"{len(errors)} error(s)")
        self.errors = errors


def audit_object_id(source_name: str) -> str:
    return source_name if len(source_name) <= AUDIT_OBJECT_ID_MAX else "…" + source_name[-(AUDIT_OBJECT_ID_MAX - 1) :]


def decode(data: bytes) -> str:
    """UTF-8 text, with or without a byte-order mark; anything else is an error naming the line."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed(["line 1: the file is UTF-16; save it as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)"])
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            [f"line {line}: the file is not valid UTF-8 (byte {exc.start + 1}); save it as UTF-8"]
        ) from None
