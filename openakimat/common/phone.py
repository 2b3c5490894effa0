"""Kazakhstan phone numbers: one rule for residents' and akimats' numbers alike."""

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

E164 = phonenumbers.PhoneNumberFormat.E164
INTERNATIONAL = phonenumbers.PhoneNumberFormat.INTERNATIONAL


def phone_normalise(raw: str, *, style: int = E164) -> str:
    """A valid Kazakhstan number written as `style` (E.164 "+77011234567" to store and send to;
    INTERNATIONAL "+7 701 123 4567" to show), or a ValidationError. Local forms ("8 701 …",
    "701 …") are read as Kazakhstan's."""
    try:
        number = phonenumbers.parse(raw or "", "KZ")
    except phonenumbers.NumberParseException:
        number = None
    if (
        number is None
        or not phonenumbers.is_valid_number(number)
        or phonenumbers.region_code_for_number(number) != "KZ"
    ):
        raise ValidationError(_("Enter a Kazakhstan phone number, e.g. +7 701 123 4567."), code="phone")
    return phonenumbers.format_number(number, style)
