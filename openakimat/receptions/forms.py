"""The receptions' forms: the public schedule filter, the sign-up and its code, and the staff's."""

from django import forms
from django.utils.translation import gettext_lazy as _

from openakimat.territory.models import Akimat, Department, Territory

from .models import Kind, SignUp, Topic


class ScheduleFilterForm(forms.Form):
    akimat = forms.ChoiceField(label=_("Akimat"), required=False)
    kind = forms.ChoiceField(
        label=_("Kind of reception"), choices=[("", _("All kinds")), *Kind.choices], required=False
    )

    def __init__(self, *args, akimats=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["akimat"].choices = [("", _("All akimats")), *((a.territory.kato, a.name) for a in akimats)]


class SignUpForm(forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=200)
    phone = forms.CharField(
        label=_("Mobile phone"),
        max_length=20,
        help_text=_("We send a code to confirm it, and a reminder the day before."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel", "inputmode": "tel"}),
    )
    village = forms.ModelChoiceField(label=_("Your village"), queryset=Territory.objects.none())
    problem = forms.CharField(
        label=_("What do you want to raise?"),
        max_length=2000,
        help_text=_("In your own words. Only the akimat's staff read it; it is never published."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = forms.BooleanField(
        label=_("I agree that the akimat keeps my name, phone and problem to organise the reception."),
    )

    def __init__(self, *args, villages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["name"].widget.attrs["autocomplete"] = "name"


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the SMS"),
        max_length=12,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "one-time-code"}),
    )


class PlanForm(forms.Form):
    akimat = forms.ModelChoiceField(label=_("Akimat"), queryset=Akimat.objects.none())
    kind = forms.ChoiceField(label=_("Kind of reception"), choices=Kind.choices)
    host_name_kk = forms.CharField(label=_("who receives (Kazakh)"), max_length=200)
    host_name_ru = forms.CharField(label=_("who receives (Russian)"), max_length=200)
    host_name_en = forms.CharField(label=_("who receives (English)"), max_length=200)
    host_position_kk = forms.CharField(label=_("position (Kazakh)"), max_length=200)
    host_position_ru = forms.CharField(label=_("position (Russian)"), max_length=200)
    host_position_en = forms.CharField(label=_("position (English)"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("starts at"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
    )
    slot_minutes = forms.IntegerField(label=_("minutes per resident"), initial=15, min_value=5, max_value=120)
    capacity = forms.IntegerField(label=_("places"), initial=10, min_value=1, max_value=200)
    place_kk = forms.CharField(label=_("place (Kazakh)"), max_length=300, required=False)
    place_ru = forms.CharField(label=_("place (Russian)"), max_length=300, required=False)
    place_en = forms.CharField(label=_("place (English)"), max_length=300, required=False)
    online_url = forms.URLField(label=_("online link"), required=False, assume_scheme="https")
    territory = forms.ModelChoiceField(label=_("village"), queryset=Territory.objects.none(), required=False)
    topics = forms.MultipleChoiceField(
        label=_("topics"), choices=Topic.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    observer = forms.CharField(label=_("anti-corruption observer"), max_length=200, required=False)

    def __init__(self, *args, akimats=(), villages=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["akimat"].queryset = akimats
        self.fields["territory"].queryset = villages


class MarkForm(forms.Form):
    signup = forms.ModelChoiceField(queryset=SignUp.objects.none(), widget=forms.HiddenInput)
    move = forms.ChoiceField(choices=[("attend", _("Attended")), ("no_show", _("Did not come"))])

    def __init__(self, *args, reception, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["signup"].queryset = reception.signups.all()


class ProblemForm(forms.Form):
    text = forms.CharField(
        label=_("problem (public, without names)"),
        max_length=2000,
        help_text=_("It is published on the reception's page: write it without names, phones or addresses."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    topic = forms.ChoiceField(label=_("topic"), choices=Topic.choices)
    village = forms.ModelChoiceField(label=_("village"), queryset=Territory.objects.none(), required=False)
    signup = forms.ModelChoiceField(label=_("resident"), queryset=SignUp.objects.none(), required=False)
    department = forms.ModelChoiceField(label=_("responsible department"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, reception, villages, departments, signups=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = villages
        self.fields["department"].queryset = departments
        self.fields["signup"].queryset = signups


class AssignForm(forms.Form):
    problem = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("what must be done"), max_length=300)
    department = forms.ModelChoiceField(label=_("responsible department"), queryset=Department.objects.none())
    deadline = forms.DateField(label=_("deadline"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args, departments, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = departments


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("reason for cancelling"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
