"""What the receptions' services share: text checks, the keyed hashes, the locks."""

import base64
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from openakimat.common.errors import too_long
from openakimat.territory.models import Akimat, Territory, TerritoryLevel

from ..models import Reception

VILLAGE_LEVELS = (TerritoryLevel.RURAL_OKRUG, TerritoryLevel.TOWN, TerritoryLevel.VILLAGE, TerritoryLevel.CITY)


def clean_text(value: str, *, limit: int, message: str, required: bool = True, field: str = "") -> str:
    value = " ".join((value or "").replace("\x00", "").split(" ")).strip()
    if required and not value:
        raise ValidationError({field: message} if field else message, code="required")
    if len(value) > limit:
        error = too_long(limit, len(value))
        raise ValidationError({field: error} if field else error, code="too_long")
    return value


def phone_hash(phone: str) -> str:
    return salted_hmac("openakimat.receptions.phone", phone, algorithm="sha256").hexdigest()


def new_token() -> str:
    """24 capital letters and digits (120 random bits): unguessable, and masked in SMS logs."""
    return base64.b32encode(secrets.token_bytes(15)).decode("ascii")


def token_hash(token: str) -> str:
    return hashlib.sha256(token.strip().upper().encode()).hexdigest()


def code_digest(signup_id: int, otp: str, expires: float) -> str:
    return salted_hmac("openakimat.receptions.code", f"{signup_id}:{otp}:{expires}", algorithm="sha256").hexdigest()


def check_village(village: Territory | None, akimat: Akimat, *, field: str = "village") -> None:
    """A village or okrug of the akimat's territory."""
    if village is None:
        return
    if village.level not in VILLAGE_LEVELS or not village.path.startswith(akimat.territory.path):
        raise ValidationError({field: _("Choose a village of this akimat's territory.")}, code="bad_village")


def locked_reception(reception_id: int) -> Reception:
    return Reception.objects.select_for_update().select_related("akimat__territory").get(pk=reception_id)
