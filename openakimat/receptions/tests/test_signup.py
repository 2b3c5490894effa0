"""A resident's sign-up: the SMS code, places and the waiting list, cancelling and moving up."""

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import timezone

from openakimat.common.errors import ConflictError
from openakimat.common.ratelimit import RateLimited
from openakimat.integrity.models import AuditEntry
from openakimat.notifications.models import Notification
from openakimat.receptions import services
from openakimat.receptions.models import SignUp, SignUpStatus

from .conftest import PHONES, confirmed, last_code, sign_up

pytestmark = pytest.mark.django_db


def test_a_sign_up_waits_for_the_code_and_keeps_the_contacts_encrypted(reception, talshik):
    signup, token = sign_up(reception, talshik)
    assert signup.status == SignUpStatus.PENDING and signup.slot_at is None
    assert len(token) == 24 and signup.token_hash != token
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT name, phone, problem, token FROM receptions_signup WHERE id = %s", [signup.pk])
        raw = " ".join(cursor.fetchone())
    for secret in ("Айгерім", "+77011234567", "жарық", token):
        assert secret not in raw
    note = Notification.objects.get(kind="receptions.code", target_id=signup.pk)
    assert note.medium == "sms" and "+7701" not in note.text
    code = last_code(signup)
    assert code not in signup.code_digest
    assert AuditEntry.objects.filter(action="reception.signup", object_id=str(signup.pk)).exists()
    assert "Айгерім" not in str(AuditEntry.objects.filter(action="reception.signup").values_list("data", flat=True))


def test_the_right_code_gives_the_first_free_time_and_an_sms(reception, talshik):
    first, _ = confirmed(reception, talshik, PHONES[0])
    second, _ = confirmed(reception, talshik, PHONES[1])
    assert first.status == second.status == SignUpStatus.CONFIRMED
    assert first.slot_at == reception.starts_at
    assert second.slot_at == reception.starts_at + timedelta(minutes=15)
    text = Notification.objects.get(kind="receptions.confirmed", target_id=first.pk).text
    assert "/receptions/my/" in text and first.token in text


def test_a_wrong_code_counts_and_changes_nothing_and_the_tries_run_out(reception, talshik):
    signup, _ = sign_up(reception, talshik)
    code = last_code(signup)
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    for attempt in range(1, services.code_attempts_max() + 1):
        with pytest.raises(ValidationError) as caught:
            services.signup_confirm(signup=signup, code=wrong)
        assert caught.value.error_dict["code"][0].code == "wrong"
        signup.refresh_from_db()
        assert signup.code_attempts == attempt and signup.status == SignUpStatus.PENDING
    with pytest.raises(ValidationError) as caught:
        services.signup_confirm(signup=signup, code=code)  # the right one, too late
    assert caught.value.error_dict["code"][0].code == "spent"
    services.signup_code_resend(signup=signup)
    signup = services.signup_confirm(signup=signup, code=last_code(signup))
    assert signup.status == SignUpStatus.CONFIRMED


def test_an_expired_code_is_refused(reception, talshik):
    signup, _ = sign_up(reception, talshik)
    later = timezone.now() + timedelta(minutes=11)
    with pytest.raises(ValidationError) as caught:
        services.signup_confirm(signup=signup, code=last_code(signup), now=later)
    assert caught.value.error_dict["code"][0].code == "expired"


def test_when_full_the_resident_waits_and_moves_up_when_someone_cancels(reception, talshik):
    seated = [confirmed(reception, talshik, phone) for phone in PHONES[:3]]
    waiting, _ = confirmed(reception, talshik, PHONES[3])
    later, _ = confirmed(reception, talshik, PHONES[4])
    assert waiting.status == later.status == SignUpStatus.WAITING and waiting.slot_at is None
    assert Notification.objects.filter(kind="receptions.waiting", target_id=waiting.pk).exists()
    cancelled_slot = seated[1][0].slot_at
    services.signup_cancel(signup=seated[1][0])
    waiting.refresh_from_db()
    later.refresh_from_db()
    assert waiting.status == SignUpStatus.CONFIRMED and waiting.slot_at == cancelled_slot
    assert later.status == SignUpStatus.WAITING
    assert Notification.objects.filter(kind="receptions.promoted", target_id=waiting.pk).exists()
    seats = SignUp.objects.filter(reception=reception, status=SignUpStatus.CONFIRMED).count()
    assert seats == reception.capacity


def test_cancelling_twice_changes_nothing_more(reception, talshik):
    signup, _ = confirmed(reception, talshik)
    services.signup_cancel(signup=signup)
    services.signup_cancel(signup=signup)
    assert AuditEntry.objects.filter(action="reception.signup_cancelled").count() == 1


def test_one_phone_signs_up_once_per_reception(reception, talshik):
    confirmed(reception, talshik)
    with pytest.raises(ValidationError) as caught:
        sign_up(reception, talshik)
    assert "phone" in caught.value.error_dict
    # an unconfirmed sign-up gives way to a new one of the same phone
    other, _ = sign_up(reception, talshik, PHONES[1])
    again, _ = sign_up(reception, talshik, PHONES[1])
    other.refresh_from_db()
    assert other.status == SignUpStatus.CANCELLED and again.status == SignUpStatus.PENDING


@pytest.mark.parametrize(
    ("field", "values"),
    [
        ("name", {"name": "  "}),
        ("phone", {"phone": "12345"}),
        ("problem", {"problem": ""}),
        ("problem", {"problem": "x" * 2001}),
        ("village", {"village": None}),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_written(reception, talshik, field, values):
    data = {"name": "Aigerim", "phone": PHONES[0], "village": talshik, "problem": "No light."}
    data.update(values)
    with pytest.raises(ValidationError) as caught:
        services.signup_start(reception=reception, client="x", **data)
    assert field in caught.value.error_dict
    assert not SignUp.objects.exists() and not Notification.objects.exists()


def test_a_village_of_another_district_is_refused(reception, other_village):
    with pytest.raises(ValidationError) as caught:
        sign_up(reception, other_village)
    assert "village" in caught.value.error_dict


def test_no_sign_up_for_a_reception_that_has_begun_or_was_cancelled(reception, talshik):
    with pytest.raises(ConflictError):
        services.signup_start(
            reception=reception,
            name="A",
            phone=PHONES[0],
            village=talshik,
            problem="p",
            now=reception.starts_at + timedelta(minutes=1),
        )
    assert not SignUp.objects.exists()


@override_settings(RECEPTION_CODES_PER_HOUR=2)
def test_codes_to_one_phone_are_rate_limited(reception, talshik):
    signup, _ = sign_up(reception, talshik)
    services.signup_code_resend(signup=signup)
    with pytest.raises(RateLimited):
        services.signup_code_resend(signup=signup)
    assert Notification.objects.filter(kind="receptions.code").count() == 2


@override_settings(RECEPTION_SIGNUPS_PER_HOUR=2)
def test_sign_ups_from_one_address_are_rate_limited(reception, talshik):
    sign_up(reception, talshik, PHONES[0])
    sign_up(reception, talshik, PHONES[1])
    with pytest.raises(RateLimited):
        sign_up(reception, talshik, PHONES[2])
    assert SignUp.objects.count() == 2


def test_the_token_finds_the_sign_up_and_nothing_else_does(reception, talshik):
    signup, token = sign_up(reception, talshik)
    assert services.signup_by_token(token) == signup
    assert services.signup_by_token(token.lower()) == signup
    assert services.signup_by_token("A" * 24) is None
    assert services.signup_by_token("") is None


def test_what_a_log_may_show_of_the_messages_hides_the_code_and_the_link(reception, talshik):
    from openakimat.notifications.sms import mask_codes

    signup, token = confirmed(reception, talshik)
    for note in Notification.objects.filter(target_id=signup.pk):
        logged = mask_codes(note.text)
        assert token not in logged and not re.search(r"(?<!\d)\d{6}(?!\d)", logged)
