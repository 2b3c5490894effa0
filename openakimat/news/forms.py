"""Forms of the public lists and of the staff pages: they parse and label the input; the services
decide what is allowed and say what is wrong."""

from typing import Any

from django import forms
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from . import links, selectors
from .models import LANGUAGES, Category, Kind

LANGUAGE_NAMES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


class ListFilterForm(forms.Form):
    """The public list's filters, sent with GET: it works without script."""

    akimat = forms.ChoiceField(label=_("Akimat"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    category = forms.ChoiceField(label=_("Category"), required=False)

    def __init__(self, *args: Any, fixed_akimat: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fixed_akimat = fixed_akimat
        self.akimats = {a.territory.kato: a for a in selectors.akimats_with_news()} if fixed_akimat is None else {}
        if fixed_akimat is None:
            self.fields["akimat"].choices = [("", _("All akimats"))] + [(k, a.name) for k, a in self.akimats.items()]
        else:
            del self.fields["akimat"]
        self.fields["kind"].choices = [("", _("News and announcements")), *Kind.choices]
        self.categories = {str(c.pk): c for c in selectors.categories()}
        self.fields["category"].choices = [("", _("All categories"))] + [
            (k, c.name) for k, c in self.categories.items()
        ]

    def filters(self) -> selectors.Filters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return selectors.Filters(
            akimat=self.fixed_akimat or self.akimats.get(data.get("akimat") or ""),
            kind=data.get("kind", ""),
            category=self.categories.get(data.get("category") or ""),
        )

    def query(self) -> str:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return urlencode({k: v for k, v in data.items() if v not in ("", None)})


class ItemForm(forms.Form):
    """An item's texts, one section per language; the body takes the allowed HTML."""

    akimat = forms.ModelChoiceField(label=_("Akimat"), queryset=None, empty_label=None)
    kind = forms.ChoiceField(label=_("Kind"), choices=Kind.choices)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.all(), required=False, empty_label=_("No category")
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, akimats: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["akimat"]
        else:
            self.fields["akimat"].queryset = akimats
        for code in LANGUAGES:
            self.fields[f"title_{code}"] = forms.CharField(
                label=_("Title"), required=False, max_length=1000, widget=forms.TextInput(attrs={"lang": code})
            )
            self.fields[f"lead_{code}"] = forms.CharField(
                label=_("Lead (a sentence or two)"),
                required=False,
                max_length=2000,
                widget=forms.Textarea(attrs={"rows": 2, "lang": code}),
            )
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text"),
                required=False,
                max_length=200_000,
                widget=forms.Textarea(attrs={"rows": 12, "lang": code}),
                help_text=_(
                    "HTML is allowed: paragraphs, lists, bold, italics, links, headings, quotations and simple tables."
                ),
            )

    def language_sections(self) -> list[dict[str, Any]]:
        return [
            {
                "code": code,
                "name": LANGUAGE_NAMES[code],
                "fields": [self[f"{f}_{code}"] for f in ("title", "lead", "body")],
            }
            for code in LANGUAGES
        ]

    def draft_values(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("akimat", None)
        data.pop("version", None)
        return data


class PhotoForm(forms.Form):
    photo = forms.FileField(label=_("Photo (JPEG or PNG)"))
    alt_kk = forms.CharField(label=_("Description of the photo in Kazakh"), required=False, max_length=1000)
    alt_ru = forms.CharField(label=_("Description of the photo in Russian"), required=False, max_length=1000)
    alt_en = forms.CharField(label=_("Description of the photo in English"), required=False, max_length=1000)


class LinkForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the item concerns"))
    reference = forms.CharField(
        label=_("Its number or identifier"),
        max_length=100,
        help_text=_("An instruction's number (AKZ-P000001) or a budget project's identifier."),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [(k.name, k.label) for k in links.registered()]
