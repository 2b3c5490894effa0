"""The resident's and the staff's forms. They check the shape of the input; the services stay the
authority and their ValidationError dict goes back onto the fields (`common.forms.add_service_errors`)."""

from typing import Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from openakimat.territory.models import Akimat, Department, Territory

from .models import Topic
from .services import MAX_ATTACHMENTS


class ErrorAwareForm(forms.Form):
    """Points each input with an error at its message, and every input at its hint (aria)."""

    def annotate(self) -> None:
        for name, field in self.fields.items():
            bound = self[name]
            described = []
            if field.help_text:
                described.append(f"{bound.auto_id}_helptext")
            if self.is_bound and self.errors.get(name):
                described.append(f"{bound.auto_id}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        files = data if isinstance(data, list | tuple) else [data]
        files = [f for f in files if f]
        if len(files) > MAX_ATTACHMENTS:
            raise forms.ValidationError(_("Attach at most 3 files."))
        return [super(MultipleFileField, self).clean(f, initial) for f in files]


class WriteForm(ErrorAwareForm):
    akimat = forms.TypedChoiceField(
        label=_("To the akim of"),
        coerce=int,
        error_messages={
            "required": _("Choose the akimat you are writing to."),
            "invalid_choice": _("Choose the akimat you are writing to."),
        },
    )
    territory = forms.TypedChoiceField(
        label=_("Village (optional)"),
        coerce=int,
        required=False,
        empty_value=None,
        help_text=_("Where the matter is, if it concerns one village."),
        error_messages={"invalid_choice": _("Choose a village from the list.")},
    )
    topic = forms.ChoiceField(
        label=_("What is it about"),
        choices=[("", _("Choose…")), *Topic.choices],
        error_messages={
            "required": _("Choose what the appeal is about."),
            "invalid_choice": _("Choose what the appeal is about."),
        },
    )
    text = forms.CharField(
        label=_("Your appeal"),
        min_length=20,
        max_length=5000,
        help_text=_("Say what happened, where, and what you ask the akimat to do. Up to 5000 characters."),
        error_messages={
            "required": _("Write your appeal."),
            "min_length": _("Write a little more: at least 20 characters."),
        },
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    attachments = MultipleFileField(
        label=_("Files (optional)"),
        required=False,
        help_text=_("Up to 3 photos or documents: PDF, JPEG or PNG."),
        widget=MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )
    name = forms.CharField(
        label=_("Full name"),
        max_length=200,
        error_messages={"required": _("Enter your full name.")},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=32,
        required=False,
        help_text=_("We send the tracking code and the news of your appeal here, e.g. +7 701 123 4567."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    email = forms.CharField(
        label=_("E-mail (optional)"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email", "spellcheck": "false"}),
    )
    language = forms.ChoiceField(
        label=_("Language of the messages we send you"),
        choices=settings.LANGUAGES,
        error_messages={"required": _("Choose a language."), "invalid_choice": _("Choose a language.")},
    )
    consent = forms.BooleanField(
        label=_("I agree to the processing of my personal data as described above."),
        error_messages={"required": _("Tick the box to agree to the processing of your personal data.")},
    )
    consent_to_publish = forms.BooleanField(
        label=_("The akimat may publish my question and its answer without my name or anything that identifies me."),
        required=False,
    )

    def __init__(
        self, *args: Any, akimats: list[Akimat], villages: list[tuple[Akimat, list[Territory]]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.akimats = {a.pk: a for a in akimats}
        self.villages = {t.pk: t for _a, places in villages for t in places}
        self.fields["akimat"].choices = [("", _("Choose…")), *((a.pk, a.name) for a in akimats)]  # type: ignore[attr-defined]
        self.fields["territory"].choices = [  # type: ignore[attr-defined]
            ("", _("Not about one village")),
            *((a.name, [(t.pk, t.name) for t in places]) for a, places in villages),
        ]

    def chosen_territory(self) -> Territory | None:
        pk = self.cleaned_data.get("territory")
        return self.villages.get(pk) if pk else None

    def chosen_akimat(self) -> Akimat:
        return self.akimats[self.cleaned_data["akimat"]]


class TrackForm(ErrorAwareForm):
    number = forms.CharField(
        label=_("Appeal number"),
        max_length=40,
        help_text=_("As on your receipt, e.g. AKZ-A-2026-000123."),
        error_messages={"required": _("Enter the appeal number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("Twelve letters and digits; dashes and spaces don't matter."),
        error_messages={"required": _("Enter the tracking code.")},
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autocapitalize": "characters"}),
    )


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search the answers"), required=False, max_length=100)
    topic = forms.ChoiceField(label=_("Topic"), required=False, choices=[("", _("All topics")), *Topic.choices])


# --- staff ---------------------------------------------------------------------------------------


class RouteForm(ErrorAwareForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    department = forms.TypedChoiceField(label=_("Department"), coerce=int)
    instruction_title = forms.CharField(
        label=_("Instruction to the department (optional)"),
        required=False,
        max_length=300,
        help_text=_(
            "Give it when work must be done; it appears in the public register of instructions, so name no one."
        ),
    )
    instruction_deadline = forms.DateField(
        label=_("Instruction deadline"),
        required=False,
        help_text=_("By default, the appeal's due date."),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )

    def __init__(self, *args: Any, departments: list[Department], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.departments = {d.pk: d for d in departments}
        self.fields["department"].choices = [  # type: ignore[attr-defined]
            (d.pk, f"{d.akimat.name} — {d.name}") for d in departments
        ]


class ExtendForm(ErrorAwareForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(
        label=_("Reason, as the resident will read it"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the answer needs more time.")},
    )


class TextForm(ErrorAwareForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    text = forms.CharField(label=_("Answer"), max_length=10000, widget=forms.Textarea(attrs={"rows": 8}))


class PublicationForm(ErrorAwareForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    question = forms.CharField(
        label=_("Question, anonymised"),
        max_length=5000,
        help_text=_("Rewrite it without names, addresses, phone numbers or anything else that points at a person."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    answer = forms.CharField(label=_("Answer, anonymised"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}))


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
