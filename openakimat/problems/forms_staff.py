"""The triage forms of the staff report page and the inbox's filters."""

from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openakimat.territory.models import Department

from .models import Category, Report


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**31 - 1)


class AcceptForm(VersionForm):
    title = forms.CharField(
        label=gettext_lazy("What must be done"),
        max_length=300,
        help_text=gettext_lazy("Public: write it without the reporter's personal data."),
    )
    deadline = forms.DateField(
        label=gettext_lazy("Deadline for the department"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    department = forms.ModelChoiceField(
        label=gettext_lazy("Responsible department"), queryset=Department.objects.none()
    )
    description = forms.CharField(
        label=gettext_lazy("Instruction details"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
    )

    def __init__(self, *args: object, report: Report, departments: list[Department], **kwargs: object) -> None:
        kwargs.setdefault(
            "initial",
            {
                "version": report.version,
                "deadline": timezone.localdate() + timedelta(days=report.category.days_to_fix),
                "department": report.category.department_id,
                "title": _default_title(report),
            },
        )
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["department"]
        field.queryset = Department.objects.filter(pk__in=[d.pk for d in departments])  # type: ignore[attr-defined]
        field.choices = [(d.pk, d.name) for d in departments]


class MergeForm(VersionForm):
    into = forms.TypedChoiceField(label=gettext_lazy("The report it repeats"), coerce=int)

    def __init__(self, *args: object, candidates: list[Report], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.candidates = {r.pk: r for r in candidates}
        self.fields["into"].choices = [("", _("Choose the report"))] + [
            (r.pk, f"#{r.pk} {r.get_status_display()} — {r.address or r.description[:60]}") for r in candidates
        ]

    def clean_into(self) -> Report:
        return self.candidates[self.cleaned_data["into"]]


class RejectForm(VersionForm):
    reason = forms.CharField(
        label=gettext_lazy("Reason (public)"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class UpdateForm(VersionForm):
    text = forms.CharField(
        label=gettext_lazy("Public update"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000
    )


class RedactForm(VersionForm):
    description = forms.CharField(
        label=gettext_lazy("Description without the personal data"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=4000,
    )
    reason = forms.CharField(label=gettext_lazy("What was removed and why"), max_length=300)


class InboxFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    category = forms.TypedChoiceField(label=gettext_lazy("Category"), required=False, coerce=int, empty_value=None)
    village = forms.CharField(label=gettext_lazy("Village (KATO code)"), required=False, max_length=9)

    def __init__(self, *args: object, categories: list[Category], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        from .forms_public_list import status_choices

        self.categories = {c.pk: c for c in categories}
        self.fields["status"].choices = [("new", _("New, waiting for triage")), *status_choices()]
        self.fields["category"].choices = [("", _("All categories"))] + [(c.pk, c.name) for c in categories]


def _default_title(report: Report) -> str:
    where = report.address or (report.territory.name if report.territory_id else "")
    return f"{report.category.name}: {where}" if where else report.category.name
