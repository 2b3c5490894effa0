import pytest
from django import forms
from django.core.exceptions import ValidationError

from openakimat.common.forms import add_service_errors
from openakimat.common.phone import INTERNATIONAL, phone_normalise


def test_one_rule_for_kazakh_phone_numbers_written_two_ways():
    assert phone_normalise("8 (701) 123-45-67") == "+77011234567"
    assert phone_normalise("+7 7152 46 12 34", style=INTERNATIONAL) == "+7 7152 46 12 34"
    for wrong in ("+7 912 345 67 89", "12", "", "phone"):  # a Russian mobile, too short, nothing, words
        with pytest.raises(ValidationError):
            phone_normalise(wrong)


class NameForm(forms.Form):
    name = forms.CharField()
    phone = forms.CharField()


def test_a_services_errors_land_on_the_fields_they_are_about():
    form = NameForm({"name": "x", "phone": "y"})
    assert form.is_valid()
    add_service_errors(form, ValidationError({"name": ["Bad name."], "elsewhere": ["Other."]}))
    add_service_errors(form, ValidationError({"applicant_phone": ["Bad phone."]}), {"applicant_phone": "phone"})
    add_service_errors(form, ValidationError("Whole form."))
    assert form.errors["name"] == ["Bad name."]
    assert form.errors["phone"] == ["Bad phone."]
    assert form.non_field_errors() == ["Other.", "Whole form."]
