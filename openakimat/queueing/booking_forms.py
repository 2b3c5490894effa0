"""The forms of online booking: the time and the phone, the SMS code, finding a booking by its
code, and the kiosk's check-in."""

from django import forms
from django.utils.translation import gettext_lazy as _

TEL = {"type": "tel", "autocomplete": "tel", "inputmode": "tel"}
CODE = {"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}


class TimeForm(forms.Form):
    starts_at = forms.ChoiceField(label=_("Time"), widget=forms.RadioSelect)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("We send a code to confirm it, then your booking code."),
        widget=forms.TextInput(attrs=TEL),
    )

    def __init__(self, *args, times=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].choices = list(times)


class OtpForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class FindForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=20, widget=forms.TextInput(attrs=CODE))
    last_digits = forms.CharField(
        label=_("The last four digits of your phone"),
        min_length=4,
        max_length=4,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )


class CheckInForm(forms.Form):
    code = forms.CharField(label=_("Booking code"), max_length=20, widget=forms.TextInput(attrs=CODE))


class MoveForm(forms.Form):
    starts_at = forms.ChoiceField(label=_("New time"), widget=forms.RadioSelect)

    def __init__(self, *args, times=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["starts_at"].choices = list(times)
