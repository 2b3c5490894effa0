"""The kiosk's form (a category, a priority group or none, an optional phone) and the ticket
page's phone form."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Category, PriorityGroup

PHONE_ATTRS = {"type": "tel", "autocomplete": "tel", "inputmode": "tel"}


class KioskForm(forms.Form):
    category = forms.ModelChoiceField(
        queryset=Category.objects.none(),
        widget=forms.HiddenInput,
        error_messages={
            "required": _("Choose a service first."),
            "invalid_choice": _("Choose one of the services offered here."),
        },
    )
    priority = forms.ModelChoiceField(
        queryset=PriorityGroup.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose one of the groups offered here.")},
    )
    phone = forms.CharField(
        label=_("Mobile phone for an SMS when your turn is near"),
        required=False,
        max_length=20,
        help_text=_("We use it only for this message and erase it when your visit ends."),
        widget=forms.TextInput(attrs=PHONE_ATTRS),
    )

    def __init__(self, *args, categories=None, priorities=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = categories if categories is not None else Category.objects.none()
        self.fields["priority"].queryset = priorities if priorities is not None else PriorityGroup.objects.none()


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("We send one SMS when your turn is near, and erase the number when your visit ends."),
        widget=forms.TextInput(attrs=PHONE_ATTRS),
    )
