"""The CSV template (docs/budget-import.md): one row per budget line, any number of budgets
(territory × year × version) in one file. Read as a stream; every problem is collected with its
row and column."""

import csv
import io
import itertools
from collections.abc import Iterator
from decimal import Decimal
from typing import IO

from django.utils.translation import gettext as _

from openakimat.budget.exports import LINE_COLUMNS
from openakimat.budget.services import LineData

from .common import CORRECTABLE, PAID_TOLERANCE, ImportFailed, Overrides, ParsedFile, Problems, TooManyErrors
from .headers import AMOUNT_COLUMNS, LEVEL_COLUMNS, MONTH_COLUMNS, PHASE_COLUMNS, looks_like_header, read_header
from .numbers import (
    CellError,
    amount_in_tenge,
    is_total,
    parse_classification_code,
    parse_code_part,
    parse_economic_code,
    parse_int,
    parse_kato,
    parse_unit,
)
from .text import NotDecodable, decoded_lines, delimiter_name, sniff_delimiter

DELIMITERS = (";", "\t", ",", "|")
HEAD_LINES = 40  # lines read to find the delimiter and the header
MAX_PREAMBLE_ROWS = 15  # title and unit rows allowed above the header
# The columns of Open Akimat's own CSV export (exports.LINE_COLUMNS), whose amounts are in tenge:
# a file with all of them is read back in tenge unless it states otherwise.
EXPORT_COLUMNS = frozenset(LINE_COLUMNS)


class RowPlace:
    """A row of the file, said in the language of the moment when a message needs it."""

    __slots__ = ("row",)

    def __init__(self, row: int) -> None:
        self.row = row

    def __str__(self) -> str:
        return _("row %(row)s") % {"row": self.row}


def column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def open_text(stream: IO[bytes]) -> tuple[list[str], Iterator[str]]:
    """The first lines of a UTF-8 file (byte-order mark or not) and the lines of the rest; a line
    that isn't UTF-8 raises ImportFailed naming it (see text.decoded_lines)."""
    buffered = stream if isinstance(stream, io.BufferedReader) else io.BufferedReader(stream)  # type: ignore[arg-type]
    start = buffered.peek(4)[:4]
    if start.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ImportFailed([_("line 1: the file is UTF-16; save it as UTF-8 (e.g. “CSV UTF-8” in a spreadsheet)")])
    lines = decoded_lines(buffered, "utf-8")
    return list(itertools.islice(lines, HEAD_LINES)), lines


def sniff(head: list[str], overrides: Overrides | None = None) -> str | None:
    """The delimiter under which one of the first rows reads as our header."""
    for delimiter in DELIMITERS:
        for cells in csv.reader(head, delimiter=delimiter):
            if looks_like_header(cells, **_given(overrides)):
                return delimiter
    return None


def _given(overrides: Overrides | None) -> dict[str, bool]:
    """What the caller gives for every row, so that the file needs no column for it."""
    return {
        "territory_given": bool(overrides and overrides.territory),
        "year_given": bool(overrides and overrides.year),
    }


def read_csv(
    stream: IO[bytes], *, unit: int | None = None, collect: bool = False, into: ParsedFile | None = None
) -> ParsedFile:
    """Parse and check a CSV template file, row by row. `unit`: the unit the caller states (1000 or
    1), None to take the file's or the default, thousand tenge. Raises ImportFailed with every
    problem found — or, with `collect`, leaves the problems of the rows in the result's `errors`.
    `into`: the ParsedFile to fill, with its sink (each line goes there instead of being kept) and
    its limits."""
    head, rest = open_text(stream)
    parsed = into if into is not None else ParsedFile()
    delimiter = sniff(head, parsed.overrides)
    if delimiter is None:
        guessed = sniff_delimiter(head)
        raise ImportFailed(
            [
                _(
                    "no header found in the first lines: the header names at least the columns KATO (КАТО) and year "
                    "(Год), separated by “;”, “,” or tabs"
                ),
                _("read with the delimiter %(delimiter)s, the first line has the cells: %(cells)s")
                % {
                    "delimiter": delimiter_name(guessed),
                    "cells": ", ".join(
                        f"“{c.strip()}”" for c in next(csv.reader(head[:1], delimiter=guessed), []) if c.strip()
                    ),
                },
            ]
        )
    reader = csv.reader(itertools.chain(head, rest), delimiter=delimiter)
    parsed.place_of = RowPlace
    problems = parsed.problems
    try:
        _read(reader, delimiter, unit, parsed, problems)
    except TooManyErrors:
        pass
    except csv.Error as exc:
        problems.messages.append(_("line %(line)s: %(error)s") % {"line": reader.line_num, "error": exc})
    except NotDecodable as exc:  # a line that isn't UTF-8, named by its line in the raw bytes
        problems.messages.extend(exc.errors)
    if problems and not collect:
        raise problems.fail()
    parsed.errors = problems.messages
    return parsed


def _read(reader, delimiter: str, option_unit: int | None, parsed: ParsedFile, problems: Problems) -> None:
    hints: dict[int, str] = {}  # unit → where the file states it
    header: list[str] | None = None
    end = 0
    for cells in reader:
        line, end = end + 1, reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if looks_like_header(cells, **_given(parsed.overrides)):
            header = cells
            break
        if line > MAX_PREAMBLE_ROWS:
            break
        for cell in cells:
            found = parse_unit(cell)
            if found is not None:
                hints.setdefault(found, _("line %(line)s") % {"line": line})
    if header is None:
        raise ImportFailed([_("no header row found")])
    header_line = line
    columns, units = read_header(header)
    index: dict[str, int] = {}
    for i, column in enumerate(columns):
        if column is None:
            continue
        if column in index:
            problems.add(
                _("line %(line)s") % {"line": header_line},
                _("columns %(first)s and %(second)s both mean “%(column)s”")
                % {"first": column_letter(index[column]), "second": column_letter(i), "column": column},
            )
        index[column] = i
        if column in AMOUNT_COLUMNS and units[i] is not None:
            hints.setdefault(
                units[i], _("line %(line)s, column %(letter)s") % {"line": header_line, "letter": column_letter(i)}
            )
    where_header = _("line %(line)s") % {"line": header_line}
    if {cell.strip() for cell in header} >= EXPORT_COLUMNS:
        # Open Akimat's own export: the code with its levels beside it (as labels), in tenge.
        for column in LEVEL_COLUMNS:
            index.pop(column, None)
        hints.setdefault(1, _("the columns of Open Akimat's CSV export"))
    elif "code" in index and any(c in index for c in LEVEL_COLUMNS):
        problems.add(
            where_header,
            _(
                "give either one classification code column or the level columns "
                "(group, subgroup, administrator, program, subprogram), not both"
            ),
        )
    if "code" not in index and "group" not in index:
        problems.add(
            where_header,
            _(
                "no classification column: give “code” (07.1.451.015.011) or the level "
                "columns group, subgroup, administrator, program, subprogram"
            ),
        )
    if not any(c in index for c in AMOUNT_COLUMNS):
        problems.add(where_header, _("no amount column: approved, adjusted, contracted, paid or months"))
    if len(hints) > 1:
        problems.add(
            where_header,
            _("the file states two units: thousand tenge (%(thousand)s) and tenge (%(tenge)s)")
            % {"thousand": hints[1000], "tenge": hints[1]},
        )
    elif hints and option_unit is not None and option_unit not in hints:
        stated = next(iter(hints))
        problems.add(
            hints[stated],
            _("the file states amounts in %(file)s but the import was asked for %(option)s")
            % {"file": unit_name(stated), "option": unit_name(option_unit)},
        )
    if problems:
        return
    file_unit = next(iter(hints)) if hints else (option_unit or 1000)
    _read_rows(reader, end, header, index, file_unit, delimiter != ",", parsed, problems)


def unit_name(unit: int) -> str:
    return _("thousand tenge") if unit == 1000 else _("tenge")


def _read_rows(  # one pass over the rows, in one place for speed
    reader,
    end: int,
    header: list[str],
    index: dict[str, int],
    file_unit: int,
    comma_decimal: bool,
    parsed: ParsedFile,
    problems: Problems,
) -> None:
    def place(row: int, column: str) -> str:
        i = index[column]
        return _("row %(row)s, column “%(name)s” (%(letter)s)") % {
            "row": row,
            "name": header[i].strip(),
            "letter": column_letter(i),
        }

    width = len(header)
    # What the caller gives for every row isn't read from the file.
    overrides = parsed.overrides
    kato_i = None if overrides.territory else index.get("kato")
    year_i = None if overrides.year else index.get("year")
    version_i, economic_i, unit_i = index.get("version"), index.get("economic"), index.get("unit")
    code_i = index.get("code")
    level_is = [index.get(c) for c in LEVEL_COLUMNS]
    total_is = [i for i in (code_i, *level_is, economic_i) if i is not None]
    phases = [(p, index[p]) for p in PHASE_COLUMNS if p in index and p != "paid"]
    paid_i = index.get("paid")
    months = [(m, index[c]) for m, c in enumerate(MONTH_COLUMNS, start=1) if c in index]
    tolerance = Decimal(PAID_TOLERANCE)
    katos: dict[str, str] = {}
    years: dict[str, int] = {}
    codes: dict[str, str] = {}
    seen: dict[tuple, int] = {}
    streamed = parsed.sink is not None
    for cells in reader:
        row, end = end + 1, reader.line_num
        if len(cells) < width:
            cells = cells + [""] * (width - len(cells))
        elif len(cells) > width and any(c.strip() for c in cells[width:]):
            problems.add(
                _("row %(row)s") % {"row": row},
                _("%(count)s fields where the header has %(width)s") % {"count": len(cells), "width": width},
            )
            continue
        first = next((c.strip() for c in cells if c.strip()), None)
        if first is None:
            continue  # blank, or a spreadsheet's row of bare delimiters
        if is_total(first) or any(i is not None and is_total(cells[i]) for i in total_is):
            parsed.skip_total(RowPlace(row))
            continue  # a total row ("Итого", "TOTAL"): the rollups compute totals
        before = len(problems.messages)
        parsed.count_row()
        kato = overrides.territory
        if kato_i is not None:
            raw = cells[kato_i]
            kato = katos.get(raw)
            if kato is None:
                try:
                    kato = katos[raw] = parse_kato(raw)
                except CellError as exc:
                    problems.add(place(row, "kato"), str(exc))
        year = overrides.year
        if year_i is not None:
            raw = cells[year_i]
            year = years.get(raw)
            if year is None:
                try:
                    year = years[raw] = parse_int(raw, 2000, 2100)
                except CellError as exc:
                    problems.add(place(row, "year"), str(exc))
        version = 0
        if version_i is not None and cells[version_i].strip():
            try:
                version = parse_int(cells[version_i], 0, 99)
            except CellError as exc:
                problems.add(place(row, "version"), str(exc))
        code = None
        if code_i is not None:
            raw = cells[code_i]
            code = codes.get(raw)
            if code is None:
                try:
                    code = codes[raw] = parse_classification_code(raw)
                except CellError as exc:
                    problems.add(place(row, "code"), str(exc))
        else:
            parts: list[str] = []
            gap = None
            for level, (column, i) in enumerate(zip(LEVEL_COLUMNS, level_is, strict=True), start=1):
                raw = cells[i] if i is not None else ""
                if not raw.strip():
                    gap = gap or column
                    continue
                if gap:
                    problems.add(
                        place(row, column),
                        _("a %(level)s is given but the %(gap)s is empty") % {"level": column, "gap": gap},
                    )
                    parts = []
                    break
                try:
                    parts.append(parse_code_part(raw, level))
                except CellError as exc:
                    problems.add(place(row, column), str(exc))
                    parts = []
                    break
            else:
                if not parts:
                    problems.add(place(row, "group"), _("the code is missing"))
            code = ".".join(parts) or None
        economic = ""
        if economic_i is not None:
            try:
                economic = parse_economic_code(cells[economic_i])
            except CellError as exc:
                problems.add(place(row, "economic"), str(exc))
        row_unit = file_unit
        if unit_i is not None and cells[unit_i].strip():
            found = parse_unit(cells[unit_i])
            if found is None:
                problems.add(
                    place(row, "unit"),
                    _("%(value)r is not a unit: write “тыс. тенге”, “thousand”, “тенге” or “tenge”")
                    % {"value": cells[unit_i]},
                )
            else:
                row_unit = found
        amounts: dict[str, Decimal] = {}
        for phase, i in phases:
            try:
                value = amount_in_tenge(
                    cells[i], row_unit, decimal_comma_only=comma_decimal, negative_ok=phase in CORRECTABLE
                )
            except CellError as exc:
                problems.add(place(row, phase), str(exc))
                continue
            if value is not None:
                amounts[phase] = value
        monthly: dict[int, Decimal] = {}
        for month, i in months:
            try:
                value = amount_in_tenge(cells[i], row_unit, decimal_comma_only=comma_decimal, negative_ok=True)
            except CellError as exc:
                problems.add(place(row, MONTH_COLUMNS[month - 1]), str(exc))
                continue
            if value is not None:
                monthly[month] = value
        paid = None
        if paid_i is not None:
            try:
                paid = amount_in_tenge(cells[paid_i], row_unit, decimal_comma_only=comma_decimal, negative_ok=True)
            except CellError as exc:
                problems.add(place(row, "paid"), str(exc))
        if monthly and paid is not None:
            total = sum(monthly.values(), Decimal(0))
            if abs(total - paid) > tolerance * row_unit:
                problems.add(
                    place(row, "paid"),
                    _(
                        "paid is %(paid)s tenge but the months add up to %(sum)s tenge (a difference of %(diff)s); "
                        "they may differ by rounding only, up to %(tolerance)s %(unit)s"
                    )
                    % {
                        "paid": paid,
                        "sum": total,
                        "diff": abs(total - paid),
                        "tolerance": PAID_TOLERANCE,
                        "unit": unit_name(row_unit),
                    },
                )
            paid = None  # within the tolerance the months win; budget_replace takes their sum
        if len(problems.messages) != before or kato is None or year is None or code is None:
            continue
        where = RowPlace(row)
        budget = parsed.budget(kato, year, version, where)
        if budget.unit is None:
            budget.unit = row_unit
        elif budget.unit != row_unit:
            problems.add(
                place(row, "unit"), _("the rows of %(budget)s mix thousand tenge and tenge") % {"budget": budget.label}
            )
            continue
        key = (kato, year, version, code, economic)
        if streamed:
            pass  # the sink finds a line given twice in the database, without keeping every key here
        elif key in seen:
            problems.add(
                where,
                _("the line %(code)s%(economic)s of %(budget)s is also on row %(first)s")
                % {
                    "code": code,
                    "economic": f" / {economic}" if economic else "",
                    "budget": budget.label,
                    "first": seen[key],
                },
            )
            continue
        else:
            seen[key] = row
        if code not in parsed.code_places:
            parsed.code_places[code] = place(row, "code" if code_i is not None else "group")
        parsed.add_line(
            budget,
            LineData(
                code,
                economic,
                amounts.get("approved", Decimal(0)),
                amounts.get("adjusted", Decimal(0)),
                amounts.get("contracted", Decimal(0)),
                paid if not monthly else None,
                monthly,
                source_row=row,
            ),
            where,
            row,
        )
