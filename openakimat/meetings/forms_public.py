"""The residents' forms of meetings: the list's filter (a GET form) and a question to a hearing."""

import re
from datetime import date

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Kind

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
UPCOMING, PAST = "upcoming", "past"


class MeetingFilterForm(forms.Form):
    when = forms.ChoiceField(
        label=_("Which meetings"),
        choices=[(UPCOMING, _("Upcoming and live")), (PAST, _("Past"))],
        required=False,
    )
    akimat = forms.ChoiceField(label=_("Akimat"), required=False)
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=[("", _("All kinds")), *Kind.choices], required=False)
    month = forms.CharField(
        label=_("Month"),
        required=False,
        max_length=7,
        help_text=_("Year and month, e.g. 2026-11."),
        widget=forms.TextInput(attrs={"type": "month", "placeholder": "2026-11", "inputmode": "numeric"}),
    )

    def __init__(self, *args, akimats=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["akimat"].choices = [("", _("All akimats")), *((a.territory.kato, a.name) for a in akimats)]

    def clean_month(self) -> date | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        found = MONTH.match(value)
        if found is None or not 1 <= int(found.group(2)) <= 12 or int(found.group(1)) < 2000:
            raise forms.ValidationError(_("Give the month as year and month, e.g. 2026-11."), code="month")
        return date(int(found.group(1)), int(found.group(2)), 1)


class QuestionForm(forms.Form):
    text = forms.CharField(
        label=_("Your question"),
        max_length=2000,
        help_text=_(
            "It is published with the answer once a moderator has read it: write it without names, phones or addresses."
        ),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    author_name = forms.CharField(
        label=_("Your name"),
        max_length=200,
        help_text=_("Never published."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    author_contact = forms.CharField(
        label=_("Phone or e-mail"),
        max_length=200,
        required=False,
        help_text=_("If you want an answer in person. Never published, and deleted some time after the hearing."),
        widget=forms.TextInput(attrs={"autocomplete": "email"}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the akimat keeps my name and contact to answer my question."),
    )
