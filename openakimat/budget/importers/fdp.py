"""Fiscal Data Packages: a `datapackage.json` with CSV resources, in a directory or a .zip. The
descriptor's `model` (or the older `mapping`) says which columns are measures — amounts with a
phase, a currency and a factor — and which are dimensions: the functional classification, the
location (KATO), the date (year, month). docs/budget-import.md lists what is supported."""

import codecs
import csv
import io
import itertools
import json
import re
import zipfile
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path, PurePosixPath
from sys import intern
from typing import IO

from django.utils.translation import gettext as _

from openakimat.budget.services import LineData

from .common import CORRECTABLE, PAID_TOLERANCE, ImportFailed, ParsedFile, Problems, TooManyErrors
from .fdp_model import Column, Measure, Model, _items, is_period, read_model
from .limits import DESCRIPTOR_MAX_BYTES, CappedReader, Limits, Unpacked, member_too_large
from .numbers import (
    CellError,
    is_total,
    parse_amount,
    parse_classification_code,
    parse_code_part,
    parse_economic_code,
    parse_int,
    parse_kato,
    to_tenge,
)
from .text import SAMPLE_LINES, decoded_lines, delimiter_name, sniff_delimiter

DESCRIPTOR = "datapackage.json"
_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


class PackageFiles:
    """The files of a package, from a directory or a zip (in memory or on disk). Each file is read
    as a stream capped by the limits: its own size and the package's total, counted from the
    bytes read; a .zip may have at most so many members."""

    def __init__(self, source: str | Path | IO[bytes], limits: Limits) -> None:
        self.zip: zipfile.ZipFile | None = None
        self.root: Path | None = None
        self.prefix = ""
        self.limits = limits
        self.unpacked = Unpacked(limits)
        if isinstance(source, str | Path):
            path = Path(source)
            if path.is_dir():
                self.root = path
                return
            if path.name == DESCRIPTOR:
                self.root = path.parent
                return
            source = path.open("rb")
        try:
            self.zip = zipfile.ZipFile(source)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, ValueError):
            raise ImportFailed([_("the file is neither a .zip nor a directory with datapackage.json")]) from None
        limits.check_members(len(self.zip.infolist()))
        names = [n for n in self.zip.namelist() if PurePosixPath(n).name == DESCRIPTOR]
        if not names:
            raise ImportFailed([_("the .zip has no datapackage.json")])
        best = min(names, key=lambda n: n.count("/"))
        self.prefix = best[: -len(DESCRIPTOR)]

    def open(self, name: str, *, limit: int | None = None) -> io.BufferedReader:
        relative = PurePosixPath(name)
        if relative.is_absolute() or ".." in relative.parts or "://" in name:
            raise ImportFailed([_("the resource path %(path)r is not a file inside the package") % {"path": name}])
        try:
            if self.zip is not None:
                stream: IO[bytes] = self.zip.open(self.prefix + str(relative))
            else:
                assert self.root is not None
                stream = (self.root / relative).open("rb")
        except (KeyError, OSError):
            raise ImportFailed([_("the package has no file %(path)r") % {"path": name}]) from None
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:  # damaged, compressed oddly, encrypted
            raise ImportFailed([_("the .zip is damaged: %(error)s") % {"error": exc}]) from None
        limit = min(limit or self.limits.max_member_bytes, self.limits.max_member_bytes)
        return io.BufferedReader(
            CappedReader(stream, limit=limit, too_large=member_too_large(name, limit), unpacked=self.unpacked)
        )


class FilePlace:
    """A row of a resource file, said in the language of the moment when a message needs it (a
    package's lines are held until the last row: an object of two slots costs less than the text)."""

    __slots__ = ("file", "row")

    def __init__(self, file: str, row: int) -> None:
        self.file, self.row = file, row

    def __str__(self) -> str:
        return _("%(file)s, row %(row)s") % {"file": self.file, "row": self.row}


@dataclass(slots=True)
class _Line:
    key: tuple[str, int, int, str, str]  # kato, year, version, code, economic code
    place: FilePlace
    amounts: dict[str, Decimal] = field(default_factory=dict)
    paid: Decimal | None = None
    monthly: dict[int, Decimal] = field(default_factory=dict)
    unit: int = 1


def read_fdp(
    source: str | Path | IO[bytes],
    *,
    unit: int | None = None,
    collect: bool = False,
    into: ParsedFile | None = None,
) -> ParsedFile:
    """Parse and check a Fiscal Data Package. `unit` is the factor of measures that state none
    (their default is 1: tenge). Raises ImportFailed (with `collect`, the problems of the rows are
    left in the result's `errors`). `into`: the ParsedFile to fill, with its sink and limits.

    The rows of one line may be spread over the resources (amounts in one, months in another), so
    the lines are added up in memory before they go to the sink: the limits on the rows and the
    unpacked size bound what that holds."""
    parsed = into if into is not None else ParsedFile()
    files = PackageFiles(source, parsed.limits or Limits.from_settings())
    try:
        with files.open(DESCRIPTOR, limit=DESCRIPTOR_MAX_BYTES) as raw:
            descriptor = json.load(raw)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise ImportFailed([_("datapackage.json is not valid JSON: %(error)s") % {"error": exc}]) from None
    if not isinstance(descriptor, dict):
        raise ImportFailed([_("datapackage.json is not a JSON object")])
    problems = parsed.problems
    places: list[FilePlace] = []
    parsed.place_of = places.__getitem__
    lines: dict[tuple, _Line] = {}
    try:
        model = read_model(descriptor, unit, problems, parsed.overrides)
        if problems:
            raise problems.fail()
        resources = [(n, r) for n, r in _items(descriptor.get("resources")) if r.get("path")]
        if not resources:
            problems.add("datapackage.json", _("no resource with a path to a CSV file"))
        found_measures: set[str] = set()
        unmatched: list[tuple[str, str]] = []  # how the headers without a measure's column were read
        for name, resource in resources:
            _read_resource(files, name, resource, model, lines, parsed, problems, found_measures, unmatched)
        missing = False
        for measure in model.measures:
            if measure.name not in found_measures and measure.column.source is not None:
                missing = True
                problems.add(
                    "datapackage.json",
                    _("no resource has the column “%(column)s” of the measure “%(name)s”")
                    % {"column": measure.column.source, "name": measure.name},
                )
        if missing:
            for where, message in unmatched:
                problems.add(where, message)
        _finish(lines, parsed, problems, places)
    except TooManyErrors:
        pass
    if problems and not collect:
        raise problems.fail()
    parsed.errors = problems.messages
    return parsed


def _read_resource(
    files: PackageFiles,
    name: str,
    resource: dict,
    model: Model,
    lines: dict,
    parsed: ParsedFile,
    problems: Problems,
    found_measures: set[str],
    unmatched: list[tuple[str, str]],
) -> None:
    resource_name = str(resource.get("name") or name)
    measures = [m for m in model.measures if m.column.resource in (None, resource_name)]
    if not measures:
        return
    paths = resource["path"] if isinstance(resource["path"], list) else [resource["path"]]
    dialect = resource.get("dialect") if isinstance(resource.get("dialect"), dict) else {}
    stated_delimiter = str(dialect.get("delimiter") or "")
    encoding = str(resource.get("encoding") or "utf-8")
    try:
        codecs.lookup(encoding)
    except LookupError:
        problems.add(resource_name, _("unknown encoding %(encoding)r") % {"encoding": encoding})
        return
    fields = {f.get("name"): f for f in (resource.get("schema") or {}).get("fields", []) if isinstance(f, dict)}
    for path in paths:
        text_lines = decoded_lines(files.open(str(path)), encoding, str(path))
        head = list(itertools.islice(text_lines, SAMPLE_LINES))
        # Without a dialect the delimiter is sniffed: many packages use ";" and say nothing.
        delimiter = stated_delimiter or sniff_delimiter(head)
        reader = csv.reader(itertools.chain(head, text_lines), delimiter=delimiter)
        try:
            header = [h.strip() for h in next(reader)]
        except StopIteration:
            problems.add(str(path), _("the file is empty"))
            continue
        index = {h: i for i, h in enumerate(header)}
        file_where = f"{path}"
        # A measure that names no resource is read from the resources that have its column.
        file_measures = [m for m in measures if m.column.resource is not None or m.column.source in index]
        if not file_measures:
            unmatched.append(_header_read(file_where, delimiter, header))
            continue
        found_measures.update(m.name for m in file_measures)

        def getter(column: Column | None, what: str, index=index, file_where=file_where):
            return _getter(column, what, index, file_where, problems)

        before_getters = len(problems.messages)
        get_kato = getter(model.kato, "location")
        get_year = getter(model.year, "year")
        get_month = getter(model.month, "month")
        get_date = getter(model.date, "date")
        get_version = getter(model.version, "version")
        get_levels = [getter(c, "classification") for c in model.code_levels]
        get_economic = getter(model.economic, "economic classification")
        getters = [(m, getter(m.column, m.name)) for m in file_measures]
        if len(problems.messages) != before_getters:
            problems.add(*_header_read(file_where, delimiter, header))
            continue  # columns are missing: the rows can't be read
        # The date's month is the payment month only when the model or the column's type says so.
        date_field = fields.get(model.date.source) or {} if model.date is not None else {}
        date_is_period = model.date_is_period or is_period("", {"columnType": date_field.get("columnType")})
        code_getters = [get for get in (*get_levels, get_economic) if get is not None]
        comma = {m.name: str((fields.get(m.column.source) or {}).get("decimalChar", ".")) == "," for m in file_measures}

        def at(row: int, column: str | None, path=path) -> str:
            return _("%(file)s, row %(row)s, column “%(column)s”") % {"file": path, "row": row, "column": column}

        for cells in reader:
            row = reader.line_num
            if not any(c.strip() for c in cells):
                continue
            if any(is_total(get(cells)) for get in code_getters):
                parsed.skip_total(_("%(file)s, row %(row)s") % {"file": path, "row": row})
                continue
            before = len(problems.messages)
            parsed.count_row()
            try:
                kato = parse_kato(get_kato(cells))
            except CellError as exc:
                problems.add(at(row, model.kato.source), str(exc))
            year = month = None
            try:
                if get_date is not None:
                    match = _DATE.match(get_date(cells).strip()[:10])
                    if not match:
                        raise CellError(
                            _("%(value)r is not a date like 2026, 2026-03 or 2026-03-01") % {"value": get_date(cells)}
                        )
                    year = int(match.group(1))
                    if date_is_period and match.group(2):
                        month = int(match.group(2))
                if get_year is not None:
                    year = parse_int(get_year(cells), 2000, 2100)
            except CellError as exc:
                problems.add(at(row, (model.year or model.date).source), str(exc))
            if get_month is not None and get_month(cells).strip():
                try:
                    month = parse_int(get_month(cells), 1, 12)
                except CellError as exc:
                    problems.add(at(row, model.month.source), str(exc))
            if month is not None and not 1 <= month <= 12:
                problems.add(at(row, (model.date or model.month).source), _("months are 1 to 12"))
            version = 0
            if get_version is not None and get_version(cells).strip():
                try:
                    version = parse_int(get_version(cells), 0, 99)
                except CellError as exc:
                    problems.add(at(row, model.version.source), str(exc))
            code = _code(cells, get_levels, model, row, at, problems)
            economic = ""
            if get_economic is not None:
                try:
                    economic = parse_economic_code(get_economic(cells))
                except CellError as exc:
                    problems.add(at(row, model.economic.source), str(exc))
            values: list[tuple[Measure, Decimal]] = []
            for measure, get in getters:
                try:
                    value = parse_amount(
                        get(cells), decimal_comma_only=comma[measure.name], negative_ok=measure.phase in CORRECTABLE
                    )
                except CellError as exc:
                    problems.add(at(row, measure.column.source), str(exc))
                    continue
                if value is not None:
                    values.append((measure, value))
            if len(problems.messages) != before:
                continue
            where = FilePlace(file_where, row)
            budget = parsed.budget(kato, year, version, where)
            if code not in parsed.code_places:
                parsed.code_places[code] = at(row, model.code_levels[-1].source)
            # The same texts recur on many lines: one copy each.
            key = (intern(kato), year, version, intern(code), intern(economic))
            line = lines.get(key)
            if line is None:
                line = lines[key] = _Line(key, where)
            for measure, value in values:
                factor = measure.factor or 1
                if budget.unit is None:
                    budget.unit = int(factor) if factor == int(factor) else 1
                tenge = to_tenge(value, factor) if isinstance(factor, int) else to_tenge(value * factor, 1)
                line.unit = int(factor) if factor == int(factor) else 1
                if measure.phase == "paid" and month is not None:
                    line.monthly[month] = line.monthly.get(month, Decimal(0)) + tenge
                elif measure.phase == "paid":
                    line.paid = (line.paid or Decimal(0)) + tenge
                else:
                    line.amounts[measure.phase] = line.amounts.get(measure.phase, Decimal(0)) + tenge


def _header_read(where: str, delimiter: str, header: list[str]) -> tuple[str, str]:
    """The place and the message saying how a header was read, for a header that doesn't match."""
    return where, _("read with the delimiter %(delimiter)s, the header has the columns: %(columns)s") % {
        "delimiter": delimiter_name(delimiter),
        "columns": ", ".join(f"“{h}”" for h in header),
    }


def _getter(column: Column | None, what: str, index: dict[str, int], where: str, problems: Problems):
    """A function of a row's cells giving the column's text (or the constant), None without it."""
    if column is None:
        return None
    if column.source is None:
        constant = "" if column.constant is None else str(column.constant)
        return lambda cells: constant
    if column.source not in index:
        problems.add(where, _("no column “%(column)s” (the %(what)s)") % {"column": column.source, "what": what})
        return None
    i = index[column.source]
    return lambda cells: cells[i] if i < len(cells) else ""


def _code(cells, get_levels, model: Model, row: int, at, problems: Problems) -> str | None:
    values = [get(cells).strip() if get else "" for get in get_levels]
    try:
        if len(values) == 1 or "." in next((v for v in reversed(values) if v), ""):
            return parse_classification_code(next((v for v in reversed(values) if v), ""))
        parts = []
        for level, value in enumerate(values, start=1):
            if not value:
                break
            parts.append(parse_code_part(value, level))
        if not parts:
            raise CellError(_("the code is missing"))
        return ".".join(parts)
    except CellError as exc:
        problems.add(at(row, model.code_levels[-1].source), str(exc))
        return None


def _finish(lines: dict[tuple, _Line], parsed: ParsedFile, problems: Problems, places: list[FilePlace]) -> None:
    """Turn the accumulated lines into LineData, checking paid against its months."""
    tolerance = Decimal(PAID_TOLERANCE)
    for pending in lines.values():
        kato, year, version, code, economic = pending.key
        paid = pending.paid
        if pending.monthly and paid is not None:
            total = sum(pending.monthly.values(), Decimal(0))
            if abs(total - paid) > tolerance * pending.unit:
                problems.add(
                    pending.place,
                    _(
                        "paid is %(paid)s tenge but the monthly payments add up to %(sum)s tenge (a difference of "
                        "%(diff)s)"
                    )
                    % {"paid": paid, "sum": total, "diff": abs(total - paid)},
                )
            paid = None  # within the tolerance the months win
        places.append(pending.place)
        parsed.add_line(
            parsed.budgets[(kato, year, version)],
            LineData(
                code,
                economic,
                pending.amounts.get("approved", Decimal(0)),
                pending.amounts.get("adjusted", Decimal(0)),
                pending.amounts.get("contracted", Decimal(0)),
                paid if not pending.monthly else None,
                dict(sorted(pending.monthly.items())),
            ),
            pending.place,
            len(places) - 1,
        )
