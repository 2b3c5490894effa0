"""Imports of budgets: the CSV template and Fiscal Data Packages (docs/budget-import.md).

Both readers collect every problem with its place (row and column) and hand each good line, as
soon as it is read, to `StreamLoad`, which writes it in batches; all of it happens in one
transaction that any problem rolls back: a file with one bad row changes nothing. Caps on the
file, the package and the rows (`limits`) stop the reading early. The `import_budget` command and the
admin upload page call `import_budget`.
"""

import io
import time
from contextlib import nullcontext
from pathlib import Path
from typing import IO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.utils.translation import gettext as _

from openakimat.common.actor import Actor

from .common import ImportFailed, ImportResult, Overrides, ParsedFile, StreamLoad
from .csv_template import read_csv
from .fdp import read_fdp
from .limits import ImportTooLarge, Limits, capped

UNITS = {"thousand": 1000, "tenge": 1}

__all__ = [
    "UNITS",
    "ImportFailed",
    "ImportResult",
    "ImportTooLarge",
    "Limits",
    "Overrides",
    "ParsedFile",
    "guess_format",
    "import_budget",
    "read_csv",
    "read_fdp",
]


def guess_format(name: str) -> str:
    lowered = name.lower()
    return "fdp" if lowered.endswith((".zip", "datapackage.json")) or Path(name).is_dir() else "csv"


def import_budget(
    source: str | Path | IO[bytes],
    *,
    actor: Actor,
    source_name: str,
    format: str | None = None,
    unit: int | None = None,
    dry_run: bool = False,
    limits: Limits | None = None,
    overrides: Overrides | None = None,
) -> ImportResult:
    """Read a budget file (a path, or an open binary file) and load every budget in it, all or
    nothing. `unit`: 1000 or 1 when the caller states the unit of the amounts. Lines are written
    as they are read (SQLite: to staging tables, swapped in at the end); any problem leaves the
    database as it was. Raises ImportFailed with
    every problem found (nothing changed), ImportTooLarge past a cap of `limits` (default: the
    settings). `overrides`: the territory, year and currency the caller states (see Overrides)."""
    started = time.perf_counter()
    overrides = overrides or Overrides()
    if overrides.converts:
        # The budget keeps no other note: its source says what the amounts were converted from.
        note = " " + _("(converted from %(currency)s at %(rate)s tenge)") % {
            "currency": overrides.currency,
            "rate": overrides.rate,
        }
        source_name = source_name[: 200 - len(note)] + note
    limits = limits or Limits.from_settings()
    format = format or guess_format(source_name)
    if format not in ("csv", "fdp"):
        raise ImportFailed([_("unknown format %(format)r: csv or fdp") % {"format": format}])
    _check_size(source, limits)
    parsed = ParsedFile(limits=limits, overrides=overrides)
    # PostgreSQL: one transaction; readers see the old budgets until it commits. SQLite: the lines
    # are staged outside the database's lock and swapped in by one short transaction at the end
    # (services.stream), so that readers and other writers never wait out the whole import.
    staged = connection.vendor == "sqlite"
    try:
        with nullcontext() if staged else transaction.atomic():
            sink = StreamLoad(actor=actor, source_name=source_name, parsed=parsed)
            try:
                if format == "fdp":
                    read_fdp(source, unit=unit, collect=True, into=parsed)
                elif isinstance(source, str | Path):
                    try:
                        stream = open(source, "rb")  # noqa: SIM115 — closed below
                    except OSError as exc:
                        raise ImportFailed(
                            [_("can't read %(name)s: %(error)s") % {"name": source, "error": exc}]
                        ) from None
                    with stream:
                        read_csv(capped(stream, limits), unit=unit, collect=True, into=parsed)
                else:
                    read_csv(capped(source, limits), unit=unit, collect=True, into=parsed)
                read_seconds = time.perf_counter() - started
                if not parsed.problems and not parsed.budgets:
                    parsed.problems.messages.append(_("the file has no budget lines"))
                sink.finish(rollback=dry_run and staged)
                if parsed.problems:
                    raise parsed.problems.fail()
                if dry_run and not staged:
                    transaction.set_rollback(True)
            finally:
                sink.writer.discard()
    except PermissionDenied as exc:
        raise ImportFailed([str(exc)]) from None
    except ValidationError as exc:  # the writer's own checks, should a reader have missed one
        raise ImportFailed(exc.messages) from None
    return ImportResult(
        budgets=len(sink.writer.budgets),
        lines=sink.writer.lines,
        payments=sink.writer.payments,
        rows=parsed.rows,
        seconds=time.perf_counter() - started,
        read_seconds=read_seconds,
        dry_run=dry_run,
        warnings=parsed.warnings(),
    )


def _check_size(source: str | Path | IO[bytes], limits: Limits) -> None:
    """Refuse a file over the cap before reading it (a directory: its files are capped as read)."""
    if isinstance(source, str | Path):
        path = Path(source)
        size = path.stat().st_size if path.is_file() else 0
    elif source.seekable():
        position = source.tell()
        size = source.seek(0, io.SEEK_END)
        source.seek(position)
    else:
        return  # counted as it is read
    if size > limits.max_bytes:
        raise limits.file_too_large()
