"""What a service asks the resident: its own fields, declared as data on the service.

`PublicService.form_fields` is a list of groups, each a fieldset of the online form and a section
of the generated statement:

    [{"legend": {"kk": …, "ru": …, "en": …},
      "fields": [{"name": "child_name", "type": "text", "label": {…}, "help": {…}, "required": true,
                  "autocomplete": "off", "max_length": 200}, …]}]

Types: `text` (one line; `max_length`, default 200), `long_text` (several lines, default 2000),
`date` (`not_future`: no day after today), `number` (a whole number, `min`, `max`) and `choice`
(`choices`: `[{"value": "female", "label": {…}}]`). Labels and help come in all three languages.

`schema_check` says what is wrong with a declaration (the model field's validator); `clean_answers`
is the authority on the resident's answers, for the web form and the API alike. A service that
declares nothing asks one long text: what the resident asks for.
"""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

FIELD_TYPES = ("text", "long_text", "date", "number", "choice")
NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
LANGUAGES = ("kk", "ru", "en")
FIELD_KEYS = {"name", "type", "label", "help", "required", "autocomplete", "max_length", "not_future"}
FIELD_KEYS |= {"min", "max", "choices"}
DEFAULT_MAX = {"text": 200, "long_text": 2000}
NUMBER_LIMIT = 10**9
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
MAX_GROUPS = 10
MAX_FIELDS = 40


@dataclass(frozen=True)
class Choice:
    value: str
    labels: dict[str, str]

    @property
    def label(self) -> str:
        return _pick(self.labels)


@dataclass(frozen=True)
class FormField:
    name: str
    type: str
    labels: dict[str, str]
    helps: dict[str, str] = field(default_factory=dict)
    required: bool = True
    autocomplete: str = ""
    max_length: int = 0
    not_future: bool = False
    min: int | None = None
    max: int | None = None
    choices: tuple[Choice, ...] = ()

    @property
    def label(self) -> str:
        return _pick(self.labels)

    @property
    def help(self) -> str:
        return _pick(self.helps)

    def display(self, value: Any) -> str:
        """The answer as the statement prints it, in the active language."""
        if value in (None, ""):
            return "—"
        if self.type == "choice":
            return next((c.label for c in self.choices if c.value == value), str(value))
        if self.type == "date":
            return date.fromisoformat(value).strftime("%d.%m.%Y")
        return str(value)


@dataclass(frozen=True)
class FieldGroup:
    legends: dict[str, str]
    fields: tuple[FormField, ...]

    @property
    def legend(self) -> str:
        return _pick(self.legends)


def _pick(labels: dict[str, str]) -> str:
    language = (get_language() or "kk")[:2]
    return labels.get(language) or labels.get("ru") or labels.get("en") or ""


def _same(text: str) -> dict[str, str]:
    return dict.fromkeys(LANGUAGES, text)


def _generic() -> tuple[FieldGroup, ...]:
    """The fallback request, in the active language (built on each call, so translated then)."""
    labels = _same(_("What do you ask for?"))
    helps = _same(_("Say briefly what you ask the akimat to do, and for whom."))
    return (FieldGroup(_same(_("Your request")), (FormField("request", "long_text", labels, helps, False, "", 2000),)),)


# Checking a declaration


def schema_check(value: Any) -> None:
    """ValidationError naming each problem of a `form_fields` declaration; nothing when it is sound."""
    problems: list[str] = []
    if not isinstance(value, list):
        raise ValidationError(_("The form fields must be a list of groups."), code="form_fields")
    if len(value) > MAX_GROUPS:
        problems.append(_("At most %(count)d groups of fields.") % {"count": MAX_GROUPS})
    names: set[str] = set()
    total = 0
    for number, group in enumerate(value, start=1):
        where = _("Group %(number)d") % {"number": number}
        if not isinstance(group, dict) or set(group) - {"legend", "fields"}:
            problems.append(_("%(where)s: a group has a legend and fields, nothing else.") % {"where": where})
            continue
        problems += _check_labels(group.get("legend"), where, required=True)
        fields = group.get("fields")
        if not isinstance(fields, list) or not fields:
            problems.append(_("%(where)s: list at least one field.") % {"where": where})
            continue
        total += len(fields)
        for spec in fields:
            problems += _check_field(spec, where, names)
    if total > MAX_FIELDS:
        problems.append(_("At most %(count)d fields.") % {"count": MAX_FIELDS})
    if problems:
        raise ValidationError(problems, code="form_fields")


def _check_labels(labels: Any, where: str, *, required: bool) -> list[str]:
    if labels is None and not required:
        return []
    if (
        not isinstance(labels, dict)
        or set(labels) != set(LANGUAGES)
        or not all(isinstance(v, str) and v.strip() and len(v) <= 300 for v in labels.values())
    ):
        return [_("%(where)s: give the text in Kazakh, Russian and English (kk, ru, en).") % {"where": where}]
    return []


def _check_field(spec: Any, where: str, names: set[str]) -> list[str]:
    if not isinstance(spec, dict):
        return [_("%(where)s: each field is an object.") % {"where": where}]
    name = spec.get("name")
    if not isinstance(name, str) or not NAME.match(name):
        return [_("%(where)s: a field's name has small Latin letters, digits and _.") % {"where": where}]
    where = f"{where}, {name}"
    problems = []
    if name in names:
        problems.append(_("%(where)s: the name is used twice.") % {"where": where})
    names.add(name)
    if set(spec) - FIELD_KEYS:
        problems.append(
            _("%(where)s: unknown keys: %(keys)s.")
            % {"where": where, "keys": ", ".join(sorted(set(spec) - FIELD_KEYS))}
        )
    kind = spec.get("type")
    if kind not in FIELD_TYPES:
        problems.append(
            _("%(where)s: the type is one of %(types)s.") % {"where": where, "types": ", ".join(FIELD_TYPES)}
        )
    problems += _check_labels(spec.get("label"), where, required=True)
    problems += _check_labels(spec.get("help"), where, required=False)
    for key in ("required", "not_future"):
        if key in spec and not isinstance(spec[key], bool):
            problems.append(_("%(where)s: %(key)s is true or false.") % {"where": where, "key": key})
    for key in ("max_length", "min", "max"):
        if key in spec and (type(spec[key]) is not int or abs(spec[key]) > NUMBER_LIMIT):
            problems.append(_("%(where)s: %(key)s is a whole number.") % {"where": where, "key": key})
    if "autocomplete" in spec and not (isinstance(spec["autocomplete"], str) and len(spec["autocomplete"]) <= 60):
        problems.append(_("%(where)s: autocomplete is a short token.") % {"where": where})
    if kind == "choice":
        choices = spec.get("choices")
        if not isinstance(choices, list) or len(choices) < 2:
            problems.append(_("%(where)s: a choice lists at least two options.") % {"where": where})
        else:
            for choice in choices:
                if not isinstance(choice, dict) or not isinstance(choice.get("value"), str) or not choice["value"]:
                    problems.append(_("%(where)s: each option has a value and a label.") % {"where": where})
                    break
                problems += _check_labels(choice.get("label"), where, required=True)
    elif "choices" in spec:
        problems.append(_("%(where)s: only a choice has options.") % {"where": where})
    return problems


# Reading a declaration


def service_groups(service: Any) -> tuple[FieldGroup, ...]:
    """The groups the service asks; the generic request when it declares none."""
    declared = getattr(service, "form_fields", None) or []
    if not declared:
        return _generic()
    return tuple(_group(g) for g in declared)


def declares_fields(service: Any) -> bool:
    return bool(getattr(service, "form_fields", None))


def _group(spec: dict[str, Any]) -> FieldGroup:
    return FieldGroup(spec["legend"], tuple(_field(f) for f in spec["fields"]))


def _field(spec: dict[str, Any]) -> FormField:
    kind = spec["type"]
    return FormField(
        name=spec["name"],
        type=kind,
        labels=spec["label"],
        helps=spec.get("help") or {},
        required=spec.get("required", True),
        autocomplete=spec.get("autocomplete", ""),
        max_length=spec.get("max_length") or DEFAULT_MAX.get(kind, 0),
        not_future=spec.get("not_future", False),
        min=spec.get("min"),
        max=spec.get("max"),
        choices=tuple(Choice(c["value"], c["label"]) for c in spec.get("choices", [])),
    )


def all_fields(groups: tuple[FieldGroup, ...]) -> list[FormField]:
    return [f for g in groups for f in g.fields]


# Checking the answers


def clean_answers(service: Any, answers: Any, *, today: date | None = None) -> dict[str, Any]:
    """The resident's answers as stored (text trimmed, dates as YYYY-MM-DD, numbers as int), or a
    ValidationError keyed `fields.<name>` with every problem at once."""
    if answers is None:
        answers = {}
    if not isinstance(answers, dict):
        raise ValidationError({"fields": [_("Send the answers as an object of field names and values.")]})
    fields = all_fields(service_groups(service))
    known = {f.name for f in fields}
    errors: dict[str, list[str]] = {}
    for name in answers:
        if name not in known:
            errors[f"fields.{str(name)[:40]}"] = [_("This service does not ask for this.")]
    today = today or timezone.localdate()
    cleaned: dict[str, Any] = {}
    for spec in fields:
        try:
            value = clean_value(spec, answers.get(spec.name), today)
        except ValidationError as exc:
            errors[f"fields.{spec.name}"] = exc.messages
            continue
        if value not in (None, ""):
            cleaned[spec.name] = value
    if errors:
        raise ValidationError(errors)
    return cleaned


def clean_value(spec: FormField, raw: Any, today: date) -> Any:
    """One answer checked against its field; the messages name the field."""
    label = spec.label
    if isinstance(raw, str):
        raw = raw.strip()
    if raw is None or raw == "":
        if spec.required:
            if spec.type == "choice":
                raise ValidationError(_("Choose an answer to “%(label)s”.") % {"label": label})
            raise ValidationError(_("Fill in “%(label)s”.") % {"label": label})
        return None
    if spec.type in ("text", "long_text"):
        if not isinstance(raw, str) or CONTROL.search(raw):
            raise ValidationError(_("Enter plain text in “%(label)s”.") % {"label": label})
        if spec.type == "text":
            raw = " ".join(raw.split())
        if len(raw) > spec.max_length:
            raise ValidationError(
                _("“%(label)s” is too long: %(count)d characters at most.") % {"label": label, "count": spec.max_length}
            )
        return raw
    if spec.type == "date":
        try:
            day = raw if isinstance(raw, date) else date.fromisoformat(str(raw)[:10]) if len(str(raw)) == 10 else None
        except ValueError:
            day = None
        if day is None:
            raise ValidationError(_("Enter “%(label)s” as a real date, e.g. 2026-03-31.") % {"label": label})
        if spec.not_future and day > today:
            raise ValidationError(_("“%(label)s” can't be in the future.") % {"label": label})
        if day.year < 1900:
            raise ValidationError(_("Enter “%(label)s” as a real date, e.g. 2026-03-31.") % {"label": label})
        return day.isoformat()
    if spec.type == "number":
        text = str(raw).strip() if not isinstance(raw, bool) else ""
        if not re.fullmatch(r"-?\d{1,10}", text):
            raise ValidationError(_("Enter “%(label)s” as a whole number.") % {"label": label})
        number = int(text)
        if (spec.min is not None and number < spec.min) or (spec.max is not None and number > spec.max):
            raise ValidationError(
                _("“%(label)s” must be from %(min)s to %(max)s.")
                % {
                    "label": label,
                    "min": spec.min if spec.min is not None else "…",
                    "max": spec.max if spec.max is not None else "…",
                }
            )
        return number
    # choice
    if not isinstance(raw, str) or raw not in {c.value for c in spec.choices}:
        raise ValidationError(_("Choose one of the answers to “%(label)s”.") % {"label": label})
    return raw


# The statement


def statement_snapshot(service: Any, answers: dict[str, Any], language: str) -> dict[str, Any]:
    """The statement as the resident made it, in their language: the groups with each label and
    printed answer. Stored on the application, so a later change of the service's fields never
    rewrites what was stated."""
    from django.utils import translation

    with translation.override(language):
        groups = []
        for group in service_groups(service):
            rows = [{"name": f.name, "label": f.label, "value": f.display(answers.get(f.name))} for f in group.fields]
            groups.append({"legend": group.legend, "rows": rows})
        return {"language": language, "service": str(getattr(service, f"name_{language}", "")), "groups": groups}
