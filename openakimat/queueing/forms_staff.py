"""The forms of the queue's staff pages. They check the shape of the input; the services check
the rules (and the model's constraints) and their errors are put back on these forms."""

from typing import Any

from django import forms
from django.forms.models import fields_for_model, model_to_dict
from django.utils.translation import gettext_lazy as _

from openakimat.catalogue.models import ServiceOffering

from .models import Category, Desk, DeskHours, Hall, PriorityGroup
from .services.config import CATEGORY_FIELDS, HALL_FIELDS, PRIORITY_FIELDS

WEEKDAYS = (
    _("Monday"),
    _("Tuesday"),
    _("Wednesday"),
    _("Thursday"),
    _("Friday"),
    _("Saturday"),
    _("Sunday"),
)


class _ModelFields(forms.Form):
    model: Any = None
    names: tuple[str, ...] = ()

    def __init__(self, *args: Any, instance: Any = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault("initial", model_to_dict(instance, fields=self.names))
        super().__init__(*args, **kwargs)
        self.fields.update(fields_for_model(self.model, fields=self.names))
        if instance is not None:
            self.initial.update(model_to_dict(instance, fields=self.names))


class HallForm(_ModelFields):
    model = Hall
    names = HALL_FIELDS


class CategoryForm(_ModelFields):
    model = Category
    names = CATEGORY_FIELDS

    def __init__(self, *args: Any, hall: Hall, instance: Category | None = None, **kwargs: Any) -> None:
        super().__init__(*args, instance=instance, **kwargs)
        self.fields["letter"].widget.attrs.update({"size": 2, "maxlength": 1, "autocapitalize": "characters"})
        self.fields["offerings"] = forms.ModelMultipleChoiceField(
            label=_("services"),
            queryset=ServiceOffering.objects.filter(department__akimat=hall.akimat)
            .select_related("service")
            .order_by("service__code"),
            required=False,
            widget=forms.CheckboxSelectMultiple,
        )
        self.fields["offerings"].label_from_instance = lambda o: f"{o.service.code} {o.service.name}"
        if instance is not None and instance.pk:
            self.initial["offerings"] = [o.pk for o in instance.offerings.all()]


class DeskForm(forms.Form):
    number = forms.IntegerField(label=_("number"), min_value=1, max_value=99)
    categories = forms.ModelMultipleChoiceField(
        label=_("categories served"), queryset=Category.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    is_active = forms.BooleanField(label=_("active"), required=False, initial=True)

    def __init__(self, *args: Any, hall: Hall, instance: Desk | None = None, **kwargs: Any) -> None:
        if instance is not None:
            kwargs.setdefault(
                "initial",
                {
                    "number": instance.number,
                    "is_active": instance.is_active,
                    "categories": [c.pk for c in instance.categories.all()],
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["categories"].queryset = hall.categories.order_by("order", "letter")
        self.fields["categories"].label_from_instance = lambda c: f"{c.letter} — {c.name}"


class PriorityForm(_ModelFields):
    model = PriorityGroup
    names = PRIORITY_FIELDS


class DayForm(forms.Form):
    open = forms.BooleanField(label=_("open"), required=False)
    opens = forms.TimeField(label=_("opens"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    closes = forms.TimeField(label=_("closes"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    break_starts = forms.TimeField(
        label=_("break starts"), required=False, widget=forms.TimeInput(attrs={"type": "time"})
    )
    break_ends = forms.TimeField(label=_("break ends"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("open") and not (data.get("opens") and data.get("closes")):
            raise forms.ValidationError(_("Give the hours the desk opens and closes on this day."))
        return data


DayFormSet = forms.formset_factory(DayForm, extra=0, min_num=7, max_num=7, validate_min=True, validate_max=True)


def hours_initial(desk: Desk) -> list[dict[str, Any]]:
    rows = {row.weekday: row for row in DeskHours.objects.filter(desk=desk)}
    initial = []
    for weekday in range(7):
        row = rows.get(weekday)
        if row is None:
            initial.append({"open": False})
        else:
            initial.append(
                {
                    "open": True,
                    "opens": row.opens,
                    "closes": row.closes,
                    "break_starts": row.break_starts,
                    "break_ends": row.break_ends,
                }
            )
    return initial


class RedirectForm(forms.Form):
    category = forms.ModelChoiceField(
        label=_("To the category"), queryset=Category.objects.none(), required=False, empty_label=_("— the same —")
    )
    desk = forms.ModelChoiceField(
        label=_("To the desk"), queryset=Desk.objects.none(), required=False, empty_label=_("— any desk —")
    )

    def __init__(self, *args: Any, desk: Desk, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = desk.hall.categories.filter(is_active=True).order_by("order", "letter")
        self.fields["category"].label_from_instance = lambda c: f"{c.letter} — {c.name}"
        self.fields["desk"].queryset = desk.hall.desks.filter(is_active=True).exclude(pk=desk.pk).order_by("number")
        self.fields["desk"].label_from_instance = lambda d: str(_("Desk %(number)s") % {"number": d.number})


class CancelForm(forms.Form):
    code = forms.CharField(
        label=_("Ticket number"), max_length=5, help_text=_("A waiting ticket of today, for example A014.")
    )
