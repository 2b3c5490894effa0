"""Staff API tokens: shown once, stored hashed, audited, and refused once revoked."""

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from openakimat.api.models import ApiToken
from openakimat.api.services import api_token_authenticate, api_token_create, api_token_revoke
from openakimat.integrity.models import AuditEntry


def test_a_superuser_creates_a_token_that_is_stored_only_as_a_hash(superuser, operator):
    issued = api_token_create(actor=superuser, user=operator, name="  desk   sync ")
    token = ApiToken.objects.get()
    assert token.name == "desk sync"
    assert token.prefix == issued.raw[:8]
    assert token.secret_hash == hashlib.sha256(issued.raw.encode()).hexdigest()
    assert issued.raw not in str(ApiToken.objects.values())
    assert len(issued.raw) >= 43  # 32 random bytes
    assert api_token_authenticate(issued.raw) == operator
    entry = AuditEntry.objects.get(action="api_token.create")
    assert entry.data["user"] == "dana.operator" and issued.raw not in str(entry.data)


def test_only_a_superuser_gives_out_tokens(operator, akzhar_admin):
    with pytest.raises(PermissionDenied):
        api_token_create(actor=operator, user=operator, name="my own")
    with pytest.raises(PermissionDenied):
        api_token_create(actor=akzhar_admin, user=operator, name="for a colleague")
    assert not ApiToken.objects.exists()


def test_a_token_needs_a_name_and_an_active_user(superuser, operator):
    with pytest.raises(ValidationError):
        api_token_create(actor=superuser, user=operator, name="  ")
    operator.is_active = False
    with pytest.raises(ValidationError):
        api_token_create(actor=superuser, user=operator, name="sync")


def test_revoked_tokens_and_tokens_of_inactive_users_stop_working(superuser, operator):
    issued = api_token_create(actor=superuser, user=operator, name="sync")
    api_token_revoke(actor=operator, token=issued.token)  # a user may revoke their own
    assert api_token_authenticate(issued.raw) is None
    assert AuditEntry.objects.filter(action="api_token.revoke").count() == 1
    other = api_token_create(actor=superuser, user=operator, name="sync 2")
    operator.is_active = False
    operator.save(update_fields=["is_active"])
    assert api_token_authenticate(other.raw) is None


def test_someone_else_can_not_revoke_a_token(superuser, operator, akim):
    issued = api_token_create(actor=superuser, user=operator, name="sync")
    with pytest.raises(PermissionDenied):
        api_token_revoke(actor=akim, token=issued.token)


def test_a_wrong_secret_with_a_right_prefix_fails(superuser, operator):
    issued = api_token_create(actor=superuser, user=operator, name="sync")
    assert api_token_authenticate(issued.raw[:8] + "x" * 35) is None
    assert api_token_authenticate("") is None
    assert api_token_authenticate("short") is None


def test_the_last_use_is_noted(superuser, operator):
    issued = api_token_create(actor=superuser, user=operator, name="sync")
    api_token_authenticate(issued.raw)
    assert ApiToken.objects.get().last_used_at is not None


def test_the_commands_create_and_revoke_tokens(operator, capsys):
    call_command("create_api_token", "dana.operator", "desk sync")
    raw = capsys.readouterr().out.strip().splitlines()[-1]
    assert api_token_authenticate(raw) == operator
    call_command("revoke_api_token", raw[:8])
    assert api_token_authenticate(raw) is None
    assert AuditEntry.objects.get(action="api_token.create").actor_label == "system:create_api_token"
