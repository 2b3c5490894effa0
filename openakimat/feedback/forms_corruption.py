"""The forms of the corruption reports: the resident's report, the tracking code, more information,
and the observers' status change and notes. Limits are checked again by the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openakimat.common.models import localized
from openakimat.territory.models import Akimat

from .models import CONTACT_MAX, TEXT_MAX, ReportStatus
from .services.corruption import CODE_LENGTH

FILE_FIELDS = ("file_1", "file_2", "file_3")
FILE_HELP = _("PDF, JPEG or PNG, up to 10 MB each. Photos are re-saved without their location and camera data.")


class AkimatChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Akimat) -> str:
        return localized(obj, "name")


def _file_field(label) -> forms.FileField:
    return forms.FileField(
        label=label,
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"}),
    )


class _Files(forms.Form):
    file_1 = _file_field(_("File 1"))
    file_2 = _file_field(_("File 2"))
    file_3 = _file_field(_("File 3"))

    def files_sent(self) -> list:
        return [self.cleaned_data[f] for f in FILE_FIELDS if self.cleaned_data.get(f)]


class ReportForm(_Files):
    akimat = AkimatChoice(
        queryset=Akimat.objects.select_related("territory").order_by("territory__path"),
        label=_("Akimat concerned"),
        empty_label=_("Choose the akimat"),
        help_text=_("The akimat (district, city, rural okrug) where it happened."),
    )
    text = forms.CharField(
        label=_("What happened"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "Who, what, when and where, as far as you know. At least 20 characters, at most 5000. "
            "Don't write your own name unless you want the observers to know it."
        ),
    )
    contact = forms.CharField(
        label=_("Contact for the observers"),
        max_length=CONTACT_MAX,
        required=False,
        help_text=_(
            "A phone or an e-mail, if you want the observers to be able to reach you. "
            "It is stored encrypted and shown only to them."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=40,
        help_text=_("Sixteen letters and digits, for example 7K3M-Q9TX-2WBR-H5NP."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}),
    )

    def clean_code(self) -> str:
        from .services.corruption import normalise_code

        code = normalise_code(self.cleaned_data["code"])
        if len(code) != CODE_LENGTH:
            raise forms.ValidationError(_("A tracking code has sixteen letters and digits."))
        return code


class AddInformationForm(_Files):
    code = forms.CharField(widget=forms.HiddenInput, max_length=40)
    text = forms.CharField(
        label=_("More information"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(label=_("New status"), choices=ReportStatus.choices)
    answer = forms.CharField(
        label=_("Answer to the reporter"),
        max_length=TEXT_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("The reporter reads it with the tracking code. Required when answered or forwarded."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note"),
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the observers only, never by the reporter."),
    )
