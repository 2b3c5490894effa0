"""The staff's forms for meetings. They check the shape of the input; the services check the rest
(and the policy) and their messages are put on the fields (`common.forms.add_service_errors`)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openakimat.territory.models import Akimat, Department

from .models import LANGUAGE_CHOICES, DocumentKind, Format, Kind, TranscriptKind

DATETIME = {"widget": forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")}
DATE = {"widget": forms.DateInput(attrs={"type": "date"})}
LANGUAGE_NAMES = {"kk": _("Kazakh"), "ru": _("Russian"), "en": _("English")}


def _per_language(form: forms.Form, name: str, label, *, textarea: bool = False, max_length: int = 300) -> None:
    for code in ("kk", "ru", "en"):
        widget = forms.Textarea(attrs={"rows": 4}) if textarea else forms.TextInput
        form.fields[f"{name}_{code}"] = forms.CharField(
            label=f"{label} ({LANGUAGE_NAMES[code]})", required=False, max_length=max_length, widget=widget
        )


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of meeting"), choices=Kind.choices)
    format = forms.ChoiceField(label=_("How it is held"), choices=Format.choices, initial=Format.HYBRID)
    starts_at = forms.DateTimeField(label=_("Starts at"), **DATETIME)
    ends_at = forms.DateTimeField(label=_("Ends at"), required=False, **DATETIME)
    stream_url = forms.URLField(
        label=_("Broadcast link"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Any provider. YouTube, Vimeo and RuTube players are shown on the page; others as a link."),
    )
    recording_url = forms.URLField(label=_("Recording link"), required=False, max_length=500, assume_scheme="https")
    questions_open_until = forms.DateTimeField(
        label=_("Residents' questions accepted until"),
        required=False,
        help_text=_("Public hearings only: the public consultation closes at this moment."),
        **DATETIME,
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", _("Title"))
        _per_language(self, "place", _("Place"))
        for code in ("kk", "ru", "en"):
            self.fields[f"title_{code}"].help_text = _("Leave empty if there is no version in this language.")


class NewMeetingForm(MeetingForm):
    akimat = forms.ModelChoiceField(label=_("Akimat"), queryset=Akimat.objects.none())
    publish = forms.BooleanField(label=_("Publish at once (otherwise it stays a draft)"), required=False)

    field_order = ["akimat", "kind", "format"]

    def __init__(self, *args, akimats=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["akimat"].queryset = akimats
        self.order_fields(["akimat", "kind", "format"])


class AgendaItemForm(forms.Form):
    presenter_name = forms.CharField(label=_("Presenter (name)"), required=False, max_length=200)
    duration_minutes = forms.IntegerField(label=_("Minutes"), required=False, min_value=1, max_value=600)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", _("Agenda item"), max_length=500)
        _per_language(self, "presenter_position", _("Presenter's position"))
        self.order_fields(["title_kk", "title_ru", "title_en", "presenter_name"])


AgendaFormSet = forms.formset_factory(AgendaItemForm, extra=3, max_num=60, validate_max=True)


class MoveForm(forms.Form):
    action = forms.ChoiceField(choices=[("up", "up"), ("down", "down"), ("remove", "remove")])


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for cancelling (shown to the public)"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind of document"), choices=DocumentKind.choices)
    language = forms.ChoiceField(
        label=_("Language of the document"), choices=[("", _("Several or none")), *LANGUAGE_CHOICES], required=False
    )
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, Word, PowerPoint, Excel or OpenDocument; checked by its content.")
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "title", _("Title"))
        self.order_fields(["title_kk", "title_ru", "title_en", "kind", "language", "file"])


class MinutesForm(forms.Form):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for code in ("kk", "ru", "en"):
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Minutes (%(language)s)") % {"language": LANGUAGE_NAMES[code]},
                required=False,
                max_length=200_000,
                widget=forms.Textarea(attrs={"rows": 12}),
                help_text=_(
                    "Plain text (blank lines between paragraphs) or HTML: headings, lists, tables and links are kept, "
                    "anything else is removed on saving."
                ),
            )


class AttendeeForm(forms.Form):
    name = forms.CharField(label=_("Official (name)"), required=False, max_length=200)
    position = forms.CharField(label=_("Position"), required=False, max_length=300)
    present = forms.BooleanField(label=_("Present"), required=False, initial=True)


AttendeeFormSet = forms.formset_factory(AttendeeForm, extra=3, max_num=300, validate_max=True)


class CountsForm(forms.Form):
    residents_in_person = forms.IntegerField(label=_("Residents in the hall"), required=False, min_value=0)
    residents_online = forms.IntegerField(label=_("Residents online"), required=False, min_value=0)


class TranscriptForm(forms.Form):
    kind = forms.ChoiceField(label=_("Transcript or summary"), choices=TranscriptKind.choices)
    language = forms.ChoiceField(label=_("Language"), choices=LANGUAGE_CHOICES)
    text = forms.CharField(
        label=_("Text"), required=False, max_length=200_000, widget=forms.Textarea(attrs={"rows": 8})
    )
    file = forms.FileField(label=_("File"), required=False, help_text=_("PDF, Word or OpenDocument."))
    remove_file = forms.BooleanField(label=_("Remove the file kept now"), required=False)


class DecisionForm(forms.Form):
    department = forms.ModelChoiceField(
        label=_("Responsible department"), queryset=Department.objects.none(), required=False
    )
    deadline = forms.DateField(label=_("Deadline"), required=False, **DATE)

    def __init__(self, *args, departments=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "text", _("Decision"), textarea=True, max_length=5000)
        self.fields["department"].queryset = departments
        self.fields["department"].help_text = _("To make it an instruction at once; or later, below.")
        self.order_fields(["text_kk", "text_ru", "text_en", "department", "deadline"])

    def clean(self):
        data = super().clean()
        if bool(data.get("department")) != bool(data.get("deadline")):
            raise forms.ValidationError(_("Give both the department and the deadline, or neither."))
        return data


class InstructForm(forms.Form):
    title = forms.CharField(
        label=_("What must be done"),
        required=False,
        max_length=300,
        help_text=_("Public. The decision's text when empty."),
    )
    department = forms.ModelChoiceField(label=_("Responsible department"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("Deadline"), **DATE)
    responsible = forms.ModelChoiceField(label=_("Responsible official"), queryset=None, required=False)

    def __init__(self, *args, departments=(), officials=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        from django.contrib.auth import get_user_model

        self.fields["department"].queryset = departments
        self.fields["responsible"].queryset = officials if officials is not None else get_user_model().objects.none()


class QuestionForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("publish", _("Publish")), ("reject", _("Reject")), ("answer", _("Answer"))], widget=forms.HiddenInput
    )
    text = forms.CharField(
        label=_("Question as published"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Take out names, phones and addresses before publishing."),
    )
    reason = forms.CharField(label=_("Reason for rejecting"), required=False, max_length=300)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        _per_language(self, "answer", _("Answer"), textarea=True, max_length=5000)
