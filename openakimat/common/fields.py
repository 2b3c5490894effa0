"""Checks shared by the update services: which fields a caller may set, and what changed."""

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _


def check_editable_fields(model: type[models.Model], fields: dict[str, Any], editable: frozenset[str]) -> None:
    """Refuse fields outside `editable`, and an empty value (null) for a field that can't hold one."""
    unknown = set(fields) - editable
    if unknown:
        message = _("These fields can't be changed here: %(fields)s") % {"fields": ", ".join(sorted(unknown))}
        raise ValidationError(message)
    nulls = {
        name
        for name, value in fields.items()
        if value is None and not getattr(model._meta.get_field(name), "null", True)
    }
    if nulls:
        raise ValidationError({name: _("This field can't be empty (null).") for name in sorted(nulls)})


def field_changes(obj: models.Model, fields: dict[str, Any]) -> dict[str, list[Any]]:
    """`{field: [old, new]}` for the fields whose value would change."""
    return {k: [getattr(obj, k), v] for k, v in fields.items() if getattr(obj, k) != v}
