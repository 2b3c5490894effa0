"""Forms of the register and the staff pages: they parse and label the input; the services decide
what is allowed and say what is wrong (`show_service_errors` puts their messages on the field they
are about)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from openakimat.common.forms import add_service_errors
from openakimat.territory.models import Akimat, Department

from . import selectors
from .models import Status
from .workflow import Transition


def _status_choices(first: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    return [
        *first,
        (selectors.OVERDUE, _("Overdue")),
        (Status.ASSIGNED, _("Assigned")),
        (Status.IN_PROGRESS, _("In progress")),
        (Status.DONE, _("Done")),
        (Status.CANCELLED, _("Cancelled")),
    ]


class RegisterFilterForm(forms.Form):
    """The public register's filters, sent with GET: it works without script."""

    status = forms.ChoiceField(label=_("Status"), required=False)
    source = forms.ChoiceField(label=_("Source"), required=False)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    territory = forms.ChoiceField(label=_("Village or okrug"), required=False)

    def __init__(self, *args: Any, akimat: Akimat | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.akimat = akimat
        self.fields["status"].choices = _status_choices([("", _("Any status"))])
        self.fields["source"].choices = [("", _("Any source")), *selectors.source_choices()]
        self.departments = {d.pk: d for d in selectors.register_departments(akimat)}
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d.pk, d.name if akimat is not None else f"{d.name} — {d.akimat.name}") for d in self.departments.values()
        ]
        self.territories = {t.kato: t for t in selectors.register_territories(akimat)}
        self.fields["territory"].choices = [("", _("Everywhere"))] + [(k, t.name) for k, t in self.territories.items()]

    def filters(self) -> selectors.RegisterFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.RegisterFilters(
            akimat=self.akimat,
            status=data.get("status", ""),
            source=data.get("source", ""),
            department=self.departments.get(data.get("department") or 0),
            territory=self.territories.get(data.get("territory") or ""),
        )

    def query(self) -> str:
        """The filters as a query string, for the pager's links."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return urlencode({k: v for k, v in data.items() if v not in ("", None)})


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Show"), required=False)
    department = forms.TypedChoiceField(label=_("Department"), required=False, coerce=int, empty_value=None)
    source = forms.ChoiceField(label=_("Source"), required=False)
    mine = forms.BooleanField(label=_("Only those I am responsible for"), required=False)

    def __init__(self, *args: Any, departments: Any = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = _status_choices([(selectors.OPEN, _("Open")), ("all", _("All"))])
        self.departments = {d.pk: d for d in departments}
        self.fields["department"].choices = [("", _("All departments"))] + [
            (d.pk, f"{d.name} — {d.akimat.name}") for d in departments
        ]
        self.fields["source"].choices = [("", _("Any source")), *selectors.source_choices()]


class _Versioned(forms.Form):
    # The instruction's version when the page was rendered: a form from an old page is refused.
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


class MoveForm(_Versioned):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args: Any, transition: Transition, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", transition.name)
        super().__init__(*args, **kwargs)
        self.transition = transition
        field = self.fields["text"]
        if transition.name == "complete":
            field.label = _("What was done (public)")
        elif transition.name == "cancel":
            field.label = _("Why it is cancelled (public)")
        else:
            field.label = _("Reason (public)")
        if not transition.needs_text:
            del self.fields["text"]


class _MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class _MultipleFileField(forms.FileField):
    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data] if data else []
        return [super(_MultipleFileField, self).clean(f, initial) for f in files]


class ReportForm(_Versioned):
    text = forms.CharField(
        label=_("What has been done so far (public)"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )
    files = _MultipleFileField(
        label=_("Photos and documents (public)"),
        help_text=_("Up to 5 files: JPEG or PNG photos, PDF documents. No personal data."),
        required=False,
        widget=_MultipleFileInput(attrs={"accept": ".jpg,.jpeg,.png,.pdf"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "report")
        super().__init__(*args, **kwargs)


class ExtendForm(_Versioned):
    deadline = forms.DateField(label=_("New deadline"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(
        label=_("Reason for the extension (public)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "extend")
        super().__init__(*args, **kwargs)


class ReassignForm(_Versioned):
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=Department.objects.none())
    responsible = forms.ModelChoiceField(
        label=_("Responsible official (optional)"), queryset=Department.objects.none(), required=False
    )
    reason = forms.CharField(
        label=_("Reason (public)"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000, required=False
    )

    def __init__(self, *args: Any, departments: Any, staff: Any, **kwargs: Any) -> None:
        kwargs.setdefault("prefix", "reassign")
        super().__init__(*args, **kwargs)
        department = self.fields["department"]
        department.queryset = departments  # type: ignore[attr-defined]
        department.label_from_instance = lambda d: f"{d.name} — {d.akimat.name}"  # type: ignore[attr-defined]
        responsible = self.fields["responsible"]
        responsible.queryset = staff  # type: ignore[attr-defined]
        responsible.label_from_instance = lambda u: u.get_full_name() or u.get_username()  # type: ignore[attr-defined]


# Which field a service's error is about, by its code.
FIELD_OF_CODE = {
    "bad_deadline": "deadline",
    "past_deadline": "deadline",
    "far_deadline": "deadline",
    "not_later": "deadline",
    "department": "department",
    "responsible": "responsible",
    "attachments": "files",
}
TEXT_FIELDS = ("text", "reason")


def show_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Each message of a service's error on the field it is about; the rest above the form."""
    if hasattr(exc, "error_dict"):
        add_service_errors(form, exc)
        return
    for error in exc.error_list:
        name = FIELD_OF_CODE.get(error.code or "")
        if name is None and error.code in ("required", "too_long"):
            name = next((f for f in TEXT_FIELDS if f in form.fields), None)
        if name is None and error.code in ("bad_name", "too_big", "empty", "wrong_type", "malformed"):
            name = "files"
        form.add_error(name if name in form.fields else None, error.messages)
