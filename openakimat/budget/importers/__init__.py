"""Imports of budgets: the CSV template and Fiscal Data Packages (docs/budget-import.md).

Both readers parse the whole file first and collect every problem with its place (row and
column); only a file without any is loaded, every budget in it through `budget_replace`, all in
one transaction: a file with one bad row changes nothing. The `import_budget` command and the
admin upload page call `import_budget`.
"""

import time
from pathlib import Path
from typing import IO

from django.utils.translation import gettext as _

from openakimat.common.actor import Actor

from .common import ImportFailed, ImportResult, ParsedFile, load
from .csv_template import read_csv
from .fdp import read_fdp

UNITS = {"thousand": 1000, "tenge": 1}

__all__ = [
    "UNITS",
    "ImportFailed",
    "ImportResult",
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
) -> ImportResult:
    """Read a budget file (a path, or an open binary file) and load every budget in it, all or
    nothing. `unit`: 1000 or 1 when the caller states the unit of the amounts. Raises ImportFailed
    with every problem found (nothing changed)."""
    started = time.perf_counter()
    format = format or guess_format(source_name)
    if format == "fdp":
        parsed = read_fdp(source, unit=unit, collect=True)
    elif format == "csv":
        if isinstance(source, str | Path):
            try:
                with open(source, "rb") as stream:
                    parsed = read_csv(stream, unit=unit, collect=True)
            except OSError as exc:
                raise ImportFailed([_("can't read %(name)s: %(error)s") % {"name": source, "error": exc}]) from None
        else:
            parsed = read_csv(source, unit=unit, collect=True)
    else:
        raise ImportFailed([_("unknown format %(format)r: csv or fdp") % {"format": format}])
    return load(parsed, actor=actor, source_name=source_name, dry_run=dry_run, started=started)
