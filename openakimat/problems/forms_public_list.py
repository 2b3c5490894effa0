"""The filters of the public list, map and feeds, and the request for an area alert.

The choices are read once per request (three bounded queries) and the chosen category, akimat and
area are found among them, not queried again: the page's query count does not depend on the
filters."""

from decimal import Decimal, InvalidOperation

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from openakimat.territory.models import Akimat, Territory

from . import selectors
from .models import Category, Status


def status_choices() -> list[tuple[str, str]]:
    return [
        ("", _("All except duplicates")),
        ("open", _("Open (not yet fixed)")),
        ("closed", _("Closed (fixed, closed or rejected)")),
        *[(value, str(label)) for value, label in Status.choices],
    ]


class Choices:
    """The filters' choices for one request."""

    def __init__(self) -> None:
        self.akimats: list[Akimat] = selectors.akimats_with_reports()
        self.categories: list[Category] = selectors.public_categories()
        self.areas: list[Territory] = selectors.areas(self.akimats)
        names = {a.pk: a.name for a in self.akimats}
        self.category_choices = [("", _("All categories"))] + [
            (str(c.pk), f"{c.name} — {names.get(c.akimat_id, '')}" if len(names) > 1 else c.name)
            for c in self.categories
        ]
        self.akimat_choices = [("", _("All akimats"))] + [(str(a.pk), a.name) for a in self.akimats]
        self.area_choices = [("", _("All villages"))] + [(t.kato, t.name) for t in self.areas]


class ReportFilterForm(forms.Form):
    status = forms.ChoiceField(label=gettext_lazy("Status"), required=False)
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    akimat = forms.ChoiceField(label=gettext_lazy("Akimat"), required=False)
    village = forms.ChoiceField(label=gettext_lazy("Village or area"), required=False)
    bbox = forms.CharField(required=False, max_length=100)

    def __init__(self, *args: object, choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.choices = choices
        self.fields["status"].choices = status_choices()
        self.fields["category"].choices = choices.category_choices
        self.fields["akimat"].choices = choices.akimat_choices
        self.fields["village"].choices = choices.area_choices

    def clean_bbox(self) -> tuple[Decimal, Decimal, Decimal, Decimal] | None:
        raw = self.cleaned_data.get("bbox") or ""
        if not raw:
            return None
        return parse_bbox(raw)

    def filters(self) -> selectors.Filters:
        """The filters of a valid form."""
        data = self.cleaned_data
        by_pk = {str(c.pk): c for c in self.choices.categories}
        akimats = {str(a.pk): a for a in self.choices.akimats}
        areas = {t.kato: t for t in self.choices.areas}
        return selectors.Filters(
            status=data.get("status") or "",
            category=by_pk.get(data.get("category") or ""),
            akimat=akimats.get(data.get("akimat") or ""),
            territory=areas.get(data.get("village") or ""),
            bbox=data.get("bbox"),
        )

    def query(self) -> dict[str, str]:
        """The filters as query parameters, to keep across pages and to link the feeds."""
        data = self.cleaned_data
        return {k: str(data[k]) for k in ("status", "category", "akimat", "village") if data.get(k)}


def parse_bbox(raw: str) -> tuple[Decimal, Decimal, Decimal, Decimal]:
    """ "west,south,east,north" in degrees, as Leaflet's `getBounds().toBBoxString()` writes it."""
    message = _("Give the box as west,south,east,north in degrees, e.g. 69.0,54.0,69.5,54.5.")
    parts = raw.split(",")
    if len(parts) != 4 or any(len(p) > 20 for p in parts):
        raise forms.ValidationError(message, code="bbox")
    try:
        west, south, east, north = (Decimal(p.strip()) for p in parts)
    except InvalidOperation:
        raise forms.ValidationError(message, code="bbox") from None
    if not all(v.is_finite() for v in (west, south, east, north)):
        raise forms.ValidationError(message, code="bbox")
    if not (-180 <= west <= east <= 180 and -90 <= south <= north <= 90):
        raise forms.ValidationError(message, code="bbox")
    return west, south, east, north


class AlertForm(forms.Form):
    village = forms.ChoiceField(label=gettext_lazy("Village or area"))
    category = forms.ChoiceField(label=gettext_lazy("Category"), required=False)
    email = forms.EmailField(label=gettext_lazy("E-mail address"), required=False, max_length=254)
    phone = forms.CharField(label=gettext_lazy("Phone number"), required=False, max_length=30)

    def __init__(self, *args: object, choices: Choices, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.choices = choices
        self.fields["village"].choices = [("", _("Choose the area")), *choices.area_choices[1:]]
        self.fields["category"].choices = choices.category_choices

    def chosen_territory(self) -> Territory:
        return {t.kato: t for t in self.choices.areas}[self.cleaned_data["village"]]

    def chosen_category(self) -> Category | None:
        return {str(c.pk): c for c in self.choices.categories}.get(self.cleaned_data.get("category") or "")
