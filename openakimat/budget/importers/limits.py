"""How much a budget import may read: the file, the members of a .zip and the bytes they unpack to,
and the rows (settings BUDGET_IMPORT_MAX_*, docs/configuration.md). Sizes are counted from the
bytes actually read, never from the sizes a .zip declares: a zip bomb declares small ones."""

import io
import zipfile
import zlib
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from openakimat.territory.importers.common import ImportFailed

# datapackage.json is parsed whole: it describes the package, it doesn't hold its data.
DESCRIPTOR_MAX_BYTES = 1024 * 1024


class ImportTooLarge(ImportFailed):
    """A cap was exceeded: the reading stopped there and nothing was loaded."""

    def __init__(self, message: str) -> None:
        super().__init__([message])


@dataclass(frozen=True)
class Limits:
    max_bytes: int
    max_zip_members: int
    max_unpacked_bytes: int
    max_member_bytes: int
    max_rows: int

    @classmethod
    def from_settings(cls) -> "Limits":
        return cls(
            max_bytes=settings.BUDGET_IMPORT_MAX_BYTES,
            max_zip_members=settings.BUDGET_IMPORT_MAX_ZIP_MEMBERS,
            max_unpacked_bytes=settings.BUDGET_IMPORT_MAX_UNPACKED_BYTES,
            max_member_bytes=settings.BUDGET_IMPORT_MAX_MEMBER_BYTES,
            max_rows=settings.BUDGET_IMPORT_MAX_ROWS,
        )

    def file_too_large(self) -> ImportTooLarge:
        return ImportTooLarge(
            _("the file is larger than %(size)s, the most a budget import takes")
            % {"size": filesizeformat(self.max_bytes)}
        )

    def check_rows(self, rows: int) -> None:
        if rows > self.max_rows:
            raise ImportTooLarge(
                _("the file has more than %(count)s budget rows, the most one import takes; split it by territory")
                % {"count": self.max_rows}
            )

    def check_members(self, count: int) -> None:
        if count > self.max_zip_members:
            raise ImportTooLarge(
                _("the .zip has %(count)s files; a budget package may have at most %(max)s")
                % {"count": count, "max": self.max_zip_members}
            )


class Unpacked:
    """The bytes read so far from the files of one package, against the package's cap."""

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.total = 0

    def add(self, count: int) -> None:
        self.total += count
        if self.total > self.limits.max_unpacked_bytes:
            raise ImportTooLarge(
                _("the package unpacks to more than %(size)s, the most a budget import reads")
                % {"size": filesizeformat(self.limits.max_unpacked_bytes)}
            )


class CappedReader(io.RawIOBase):
    """A binary stream that counts what it hands out and stops with ImportTooLarge past `limit`
    bytes (and past the package's total, given `unpacked`). Errors of a damaged .zip member, which
    only show while it is read, become ImportFailed with a message."""

    def __init__(
        self, stream: IO[bytes], *, limit: int, too_large: ImportTooLarge, unpacked: Unpacked | None = None
    ) -> None:
        super().__init__()
        self.stream = stream
        self.limit = limit
        self.too_large = too_large
        self.unpacked = unpacked
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:  # type: ignore[override]
        # Never ask for more than one byte past the cap: a bomb must not be unpacked to find out.
        want = min(len(buffer), self.limit - self.count + 1)
        try:
            data = self.stream.read(want)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError) as exc:
            raise ImportFailed([_("the .zip is damaged: %(error)s") % {"error": exc}]) from None
        got = len(data)
        self.count += got
        if self.count > self.limit:
            raise self.too_large
        if self.unpacked is not None:
            self.unpacked.add(got)
        buffer[:got] = data
        return got

    def close(self) -> None:
        self.stream.close()
        super().close()


def capped(stream: IO[bytes], limits: Limits) -> io.BufferedReader:
    """The upload or file as a buffered stream that refuses to read past BUDGET_IMPORT_MAX_BYTES."""
    return io.BufferedReader(CappedReader(stream, limit=limits.max_bytes, too_large=limits.file_too_large()))


def member_too_large(name: str, limit: int) -> ImportTooLarge:
    return ImportTooLarge(
        _("%(name)s in the package unpacks to more than %(size)s, the most one file of a budget package may hold")
        % {"name": name, "size": filesizeformat(limit)}
    )
