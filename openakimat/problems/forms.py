"""The resident's forms: report a problem, follow a report, and the private link's actions."""

import uuid
from decimal import Decimal, InvalidOperation
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from openakimat.common.phone import phone_normalise
from openakimat.common.photos import CleanPhoto, clean_photo
from openakimat.territory.models import Akimat, Territory

from .models import Category
from .services.reporting import ADDRESS_MAX, DESCRIPTION_MAX, MAX_PHOTOS

PHOTO_FIELDS = tuple(f"photo_{n}" for n in range(1, MAX_PHOTOS + 1))
# The names of the fields carried over, as hidden inputs, to the "is it one of these?" step.
CARRIED = ("category", "lat", "lon", "territory", "address", "description", "name", "phone", "email", "anonymous")
# The service's keys that are not the form's field names.
# The place's messages go on the village list, the first place field a keyboard reaches.
SERVICE_FIELDS = {"lat": "territory", "photos": "photo_1"}


class AnnotatedForm(forms.Form):
    """Points each input at its hint and its error, for screen readers."""

    def annotate(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if self.errors.get(name):
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


def _coordinate(value: str) -> Decimal | None:
    """A coordinate as the map's script writes it; None for anything else (NaN, infinity, words)."""
    try:
        number = Decimal(value.strip()) if value.strip() and len(value) < 30 else None
        if number is None or not number.is_finite() or abs(number) > 180:
            return None
        return number.quantize(Decimal("0.000001"))
    except (InvalidOperation, ValueError):
        return None


class PlaceChoiceField(forms.ModelChoiceField):
    """Villages and okrugs often share a name: each option says which it is."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} ({obj.get_level_display()})"


class ReportForm(AnnotatedForm):
    category = forms.ModelChoiceField(
        label=_("What is the problem?"),
        queryset=Category.objects.none(),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose what kind of problem it is."),
            "invalid_choice": _("Choose what kind of problem it is."),
        },
    )
    # Filled by the map's script; without it, the village or the address says where.
    lat = forms.CharField(required=False, widget=forms.HiddenInput)
    lon = forms.CharField(required=False, widget=forms.HiddenInput)
    territory = PlaceChoiceField(
        label=_("Village or town"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("Choose…"),
        error_messages={"invalid_choice": _("Choose a village from the list.")},
    )
    address = forms.CharField(
        label=_("Address or landmark"),
        help_text=_("A street and a house number or a landmark near the problem, e.g. “Abai street, by the school”."),
        required=False,
        max_length=ADDRESS_MAX,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        help_text=_("What is wrong and since when. Don't write your name or phone here: this text is published."),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Describe the problem.")},
    )
    photo_1 = forms.FileField(label=_("Photo 1"), required=False, widget=forms.FileInput(attrs={"accept": "image/*"}))
    photo_2 = forms.FileField(label=_("Photo 2"), required=False, widget=forms.FileInput(attrs={"accept": "image/*"}))
    photo_3 = forms.FileField(label=_("Photo 3"), required=False, widget=forms.FileInput(attrs={"accept": "image/*"}))
    name = forms.CharField(
        label=_("Your name"), required=False, max_length=200, widget=forms.TextInput(attrs={"autocomplete": "name"})
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=40,
        help_text=_("A phone number or an e-mail address, to tell you how it goes."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    anonymous = forms.BooleanField(label=_("Report anonymously (only where the category allows it)"), required=False)
    idempotency_key = forms.CharField(required=False, widget=forms.HiddenInput)
    draft = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, akimat: Akimat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.akimat = akimat
        self.categories = list(Category.objects.filter(akimat=akimat, is_active=True))
        fields: dict[str, Any] = self.fields
        fields["category"].queryset = Category.objects.filter(akimat=akimat, is_active=True)
        fields["territory"].queryset = Territory.objects.filter(path__startswith=akimat.territory.path).order_by("path")
        if not self.is_bound:
            self.fields["idempotency_key"].initial = str(uuid.uuid4())
        self.photos: list[CleanPhoto] = []
        self.kept_photos = 0  # photos kept from an earlier send of this form

    @property
    def anonymous_offered(self) -> bool:
        return any(c.anonymous_allowed for c in self.categories)

    def clean_phone(self) -> str:
        raw = self.cleaned_data.get("phone", "")
        return phone_normalise(raw) if raw.strip() else ""

    def clean_idempotency_key(self) -> str:
        raw = self.cleaned_data.get("idempotency_key", "")
        try:
            return str(uuid.UUID(raw))
        except ValueError:
            return ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat, lon = _coordinate(data.get("lat") or ""), _coordinate(data.get("lon") or "")
        if (data.get("lat") or data.get("lon")) and (lat is None or lon is None):
            self.add_error("territory", _("The point on the map could not be read: choose it again."))
        data["lat"], data["lon"] = lat, lon
        for name in PHOTO_FIELDS:
            upload = data.get(name)
            if upload is None:
                continue
            try:
                self.photos.append(clean_photo(upload, upload.name or "photo"))
            except ValidationError as exc:
                self.add_error(name, exc)
        return data

    @property
    def photo_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in PHOTO_FIELDS]


class FollowForm(AnnotatedForm):
    email = forms.EmailField(
        label=_("E-mail"),
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        error_messages={"invalid": _("Enter a valid e-mail address.")},
    )
    phone = forms.CharField(
        label=_("or phone"),
        required=False,
        max_length=40,
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )


class TokenForm(AnnotatedForm):
    """A secret from a link: filled from the URL's fragment by the page's script, or typed."""

    token = forms.CharField(
        label=_("Code from your link"),
        help_text=_("The part of the link after the “#” sign."),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        error_messages={"required": _("Paste the code from your link.")},
    )

    def clean_token(self) -> str:
        return self.cleaned_data["token"].strip().lstrip("#")


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("What is still wrong?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what is still wrong.")},
    )
