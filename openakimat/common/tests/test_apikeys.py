"""One key scheme for staff API tokens and Open311 keys: only a prefix and a SHA-256 stored, and
keys issued before the scheme was shared still open the door."""

import hashlib

from openakimat.api.models import ApiToken
from openakimat.api.services import api_token_authenticate, api_token_create
from openakimat.common import apikeys
from openakimat.common.actor import SystemActor
from openakimat.open311.models import ApiKey
from openakimat.open311.services import api_key_authenticate, api_key_create

SYSTEM = SystemActor("tests")
OLD_RAW = "Vq3s0dJq7uK2mZ9xY4tR8wP1aB6cD5eF0gH2iJ3kL4m"  # a key as the earlier code stored it


def test_only_the_prefix_and_the_hash_of_a_key_are_stored(operator, akzhar_akimat):
    issued = api_token_create(actor=SYSTEM, user=operator, name="inbox sync")
    key = api_key_create(actor=SYSTEM, akimat=akzhar_akimat, name="city app")
    for raw, prefix, stored in (
        (issued.raw, issued.token.prefix, issued.token.secret_hash),
        (key.raw, key.key.prefix, key.key.key_hash),
    ):
        assert len(raw) == 43 and prefix == raw[: apikeys.PREFIX_LENGTH]
        assert stored == hashlib.sha256(raw.encode()).hexdigest() and raw not in stored
    assert api_token_authenticate(issued.raw) == operator
    assert api_key_authenticate(key.raw) == key.key


def test_keys_stored_before_the_shared_scheme_still_authenticate(operator, akzhar_akimat):
    stored = hashlib.sha256(OLD_RAW.encode()).hexdigest()
    ApiToken.objects.create(user=operator, name="old", prefix=OLD_RAW[:8], secret_hash=stored)
    assert api_token_authenticate(OLD_RAW) == operator
    ApiToken.objects.all().delete()
    ApiKey.objects.create(name="old", akimat=akzhar_akimat, prefix=OLD_RAW[:8], key_hash=stored)
    assert api_key_authenticate(OLD_RAW).name == "old"


def test_a_wrong_short_or_huge_key_finds_nothing(operator):
    issued = api_token_create(actor=SYSTEM, user=operator, name="inbox sync")
    for raw in (issued.raw[:-1] + ("A" if issued.raw[-1] != "A" else "B"), issued.raw[:20], "x" * 101, "", "\x00"):
        assert api_token_authenticate(raw) is None
