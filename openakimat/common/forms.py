"""Showing a service's ValidationError on the form that called it."""

from collections.abc import Mapping

from django import forms
from django.core.exceptions import ValidationError


def add_service_errors(form: forms.BaseForm, exc: ValidationError, fields: Mapping[str, str] | None = None) -> None:
    """Put each message of the service's error on the field it is about (`fields` maps a service's
    key to the form's field name where the two differ); the rest goes above the form."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc.messages)
        return
    for key, messages in exc.message_dict.items():
        name = (fields or {}).get(key, key)
        form.add_error(name if name in form.fields else None, messages)
