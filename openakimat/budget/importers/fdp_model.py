"""The model of a Fiscal Data Package: which columns are measures (amounts with a phase, a currency
and a factor) and which are dimensions (the functional classification, the location, the date),
read from the descriptor's `model` or the older `mapping`."""

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from django.utils.translation import gettext as _

from .common import ImportFailed, Overrides, Problems

PHASES = {
    "proposed": "approved",
    "approved": "approved",
    "adopted": "approved",
    "enacted": "approved",
    "adjusted": "adjusted",
    "revised": "adjusted",
    "amended": "adjusted",
    "contracted": "contracted",
    "committed": "contracted",
    "obligated": "contracted",
    "executed": "paid",
    "paid": "paid",
    "actual": "paid",
    "spent": "paid",
}


def _items(value: Any) -> list[tuple[str, dict]]:
    """Measures, dimensions and attributes are objects keyed by name (or, in early drafts, lists)."""
    if isinstance(value, dict):
        return [(str(k), v) for k, v in value.items() if isinstance(v, dict)]
    if isinstance(value, list):
        return [(str(v.get("name", i)), v) for i, v in enumerate(value) if isinstance(v, dict)]
    return []


@dataclass
class Column:
    """Where a value comes from: a column of a resource, or a constant."""

    source: str | None = None
    constant: Any = None
    resource: str | None = None


@dataclass
class Measure:
    name: str
    phase: str
    column: Column
    factor: int | Decimal | None


@dataclass
class Model:
    measures: list[Measure] = field(default_factory=list)
    kato: Column | None = None
    year: Column | None = None
    month: Column | None = None
    date: Column | None = None
    # Whether the date is when the payments were made (its month is the payment month): only when
    # the model says so — otherwise a date (of publication, of a decision) gives the year alone.
    date_is_period: bool = False
    version: Column | None = None
    code_levels: list[Column] = field(default_factory=list)  # one: a whole code; several: level by level
    economic: Column | None = None


def _column(spec: dict, default_source: str | None = None) -> Column:
    if "constant" in spec:
        return Column(constant=spec["constant"])
    source = spec.get("source") or spec.get("field") or default_source
    return Column(source=str(source) if source else None, resource=spec.get("resource"))


def _code_attributes(attributes: list[tuple[str, dict]], primary: Any) -> list[tuple[str, dict]]:
    """The attributes holding codes (not labels), ordered from the root of their `parent` chain."""
    codes = [(n, a) for n, a in attributes if not a.get("labelfor") and not a.get("labelFor")]
    if len(codes) > 1 and any(a.get("parent") for _n, a in codes):
        by_parent = {a.get("parent"): (n, a) for n, a in codes}
        chain, current = [], None
        while current in by_parent and len(chain) <= len(codes):
            chain.append(by_parent[current])
            current = chain[-1][0]
        return chain
    if len(codes) > 1:
        keys = [primary] if isinstance(primary, str) else list(primary or [])
        named = [(n, a) for n, a in codes if n in keys or n.lower() in ("code", "id")]
        return named[:1] or codes[:1]
    return codes


# Words of a datetime attribute's name, source or `columnType` saying that it dates the payments
# (FDP `date:fiscal-period`, a "month", a "payment date"), so that its month is the payment month.
PERIOD_WORDS = ("period", "month", "payment", "paid", "transaction", "execution")


def is_period(name: str, spec: dict) -> bool:
    said = " ".join(str(v).lower() for v in (name, spec.get("source"), spec.get("columnType")) if v)
    return any(word in said for word in PERIOD_WORDS)


def read_model(
    descriptor: dict, option_unit: int | None, problems: Problems, overrides: Overrides | None = None
) -> Model:
    overrides = overrides or Overrides()
    raw = descriptor.get("model") or descriptor.get("mapping")
    if not isinstance(raw, dict):
        raise ImportFailed([_("datapackage.json has no “model” (or “mapping”): it is not a Fiscal Data Package")])
    model = Model()
    for name, spec in _items(raw.get("measures")):
        where = _("datapackage.json, measure “%(name)s”") % {"name": name}
        phase_raw = str(spec.get("phase") or name).lower()
        phase = PHASES.get(phase_raw)
        if phase is None:
            problems.add(
                where,
                _("unknown phase %(phase)r; the phases are %(known)s")
                % {"phase": phase_raw, "known": ", ".join(sorted(PHASES))},
            )
            continue
        stated = str(spec.get("currency") or "").upper()
        currency = stated or (overrides.currency or "KZT").upper()
        if overrides.currency and stated and stated != overrides.currency.upper():
            problems.add(
                where,
                _("the currency is %(currency)s but the import was asked for %(option)s")
                % {"currency": stated, "option": overrides.currency.upper()},
            )
        elif currency != "KZT" and not overrides.converts:
            problems.add(
                where,
                _(
                    "the currency is %(currency)s; budgets are in tenge (KZT): give the currency and its rate in "
                    "tenge (--currency %(currency)s --rate …)"
                )
                % {"currency": currency},
            )
        direction = str(spec.get("direction") or "expenditure").lower()
        if direction != "expenditure":
            problems.add(
                where, _("the direction is %(direction)s; only expenditure is imported") % {"direction": direction}
            )
        factor: int | Decimal | None = None
        if spec.get("factor") not in (None, ""):
            try:
                factor = Decimal(str(spec["factor"]))
                if factor <= 0:
                    raise InvalidOperation
                factor = int(factor) if factor == factor.to_integral_value() else factor
            except InvalidOperation:
                problems.add(where, _("the factor %(factor)r is not a positive number") % {"factor": spec["factor"]})
        elif option_unit is not None:
            factor = option_unit
        model.measures.append(Measure(name, phase, _column(spec, name), factor))
    if not model.measures:
        problems.add("datapackage.json", _("the model has no measures"))
    for name, spec in _items(raw.get("dimensions")):
        kind = str(spec.get("dimensionType") or spec.get("type") or "").lower()
        attributes = _items(spec.get("attributes") or spec.get("fields"))
        lowered = name.lower()
        if lowered == "version" or any(n.lower() == "version" for n, _a in attributes):
            spec_v = next((a for n, a in attributes if n.lower() == "version"), attributes[0][1] if attributes else {})
            model.version = _column(spec_v, "version")
            continue
        if kind == "classification":
            kind_of = str(spec.get("classificationType") or "").lower()
            if not kind_of:
                kind_of = "economic" if "econom" in lowered else "functional"
                if "admin" in lowered:
                    kind_of = "administrative"
            if kind_of == "functional":
                chain = _code_attributes(attributes, spec.get("primaryKey"))
                if len(chain) > 5:
                    problems.add("datapackage.json", _("the functional classification has more than five levels"))
                model.code_levels = [_column(a, n) for n, a in chain[:5]]
            elif kind_of == "economic":
                chain = _code_attributes(attributes, spec.get("primaryKey"))
                model.economic = _column(chain[-1][1], chain[-1][0]) if chain else None
        elif kind == "location":
            chain = _code_attributes(attributes, spec.get("primaryKey"))
            model.kato = _column(chain[-1][1], chain[-1][0]) if chain else None
        elif kind == "datetime":
            for attr_name, attr in attributes:
                key = attr_name.lower()
                if "month" in key:
                    model.month = _column(attr, attr_name)
                elif "year" in key:
                    model.year = _column(attr, attr_name)
                elif "date" in key or len(attributes) == 1:
                    model.date = _column(attr, attr_name)
                    model.date_is_period = is_period(name, spec) or is_period(attr_name, attr)
    if overrides.territory:
        model.kato = Column(constant=overrides.territory)
    if overrides.year:
        model.year = Column(constant=overrides.year)
    if not model.code_levels:
        problems.add("datapackage.json", _("the model has no functional classification dimension"))
    if model.kato is None:
        problems.add("datapackage.json", _("the model has no location dimension (KATO codes)"))
    if model.year is None and model.date is None:
        problems.add("datapackage.json", _("the model has no datetime dimension with the year"))
    return model
