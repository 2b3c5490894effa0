"""The log backend of development never writes a tracking code (a case number and its code are
enough to withdraw the application), and production refuses it (deploy check openakimat.E002)."""

import logging

import pytest
from django.core.checks import Error
from hypothesis import given
from hypothesis import strategies as st

from openakimat.applications.tracking import TRACKING_ALPHABET, TRACKING_LENGTH
from openakimat.notifications.checks import sms_backend_for_production
from openakimat.notifications.models import Notification
from openakimat.notifications.sms import MASK, LoggingSmsBackend, mask_codes

codes = st.text(alphabet=TRACKING_ALPHABET, min_size=TRACKING_LENGTH, max_size=TRACKING_LENGTH)


def test_the_registration_sms_in_the_log_has_the_case_number_but_not_the_code(
    register, settings, caplog, django_capture_on_commit_callbacks
):
    settings.SMS_BACKEND = "log"
    with caplog.at_level(logging.INFO, logger="openakimat.sms"), django_capture_on_commit_callbacks(execute=True):
        case = register()
    sms = Notification.objects.get(target_id=case.pk, medium="sms")
    assert sms.status == "sent" and case.tracking_code in sms.text  # the resident gets the code
    logged = [r.getMessage() for r in caplog.records if r.name == "openakimat.sms"]
    assert len(logged) == 1
    assert case.number in logged[0] and MASK in logged[0]
    assert case.tracking_code not in logged[0]
    assert "+77011234567" not in logged[0] and "+7701*****67" in logged[0]


@given(code=codes)
def test_no_tracking_code_survives_the_mask(code):
    text = f"Application AKZ-2026-000042 is registered. Tracking code: {code}. Due: 3 March 2026, 18:00."
    masked = mask_codes(text)
    assert code not in masked
    assert "AKZ-2026-000042" in masked and "Due: 3 March 2026, 18:00." in masked


def test_words_numbers_and_kazakh_text_stay_readable():
    text = "№ AKZ-2026-000042 өтінішіңіз тіркелді. Заявление зарегистрировано. Телефон +77011234567."
    assert mask_codes(text) == ("№ AKZ-2026-000042 өтінішіңіз тіркелді. Заявление зарегистрировано. Телефон +•••.")


def test_the_log_backend_masks_what_it_is_handed(caplog):
    with caplog.at_level(logging.INFO, logger="openakimat.sms"):
        LoggingSmsBackend().send("+77011234567", "Код отслеживания: 7K3M9QX2B4HN5.")
    assert caplog.records[-1].getMessage() == "SMS to +7701*****67: Код отслеживания: •••."


@pytest.mark.parametrize("backend", ["log", "openakimat.notifications.sms.LoggingSmsBackend"])
def test_production_refuses_the_log_backend(settings, backend):
    settings.DEBUG, settings.SMS_BACKEND = False, backend
    assert [e.id for e in sms_backend_for_production()] == ["openakimat.E002"]
    settings.DEBUG = True
    assert sms_backend_for_production() == []


def test_production_refuses_an_http_backend_without_a_gateway_or_a_backend_that_does_not_exist(settings):
    settings.DEBUG, settings.SMS_BACKEND, settings.SMS_GATEWAY_URL = False, "http", ""
    found = sms_backend_for_production()
    assert [e.id for e in found] == ["openakimat.E003"] and isinstance(found[0], Error)
    settings.SMS_BACKEND = "openakimat.notifications.sms.NoSuchBackend"
    assert [e.id for e in sms_backend_for_production()] == ["openakimat.E003"]
    settings.SMS_BACKEND, settings.SMS_GATEWAY_URL = "http", "https://sms.example.kz/send"
    assert sms_backend_for_production() == []


@given(otp=st.integers(min_value=0, max_value=999_999))
def test_no_one_time_code_survives_the_mask(otp):
    code = f"{otp:06d}"
    text = f"{code} is your code to withdraw application AKZ-2026-000042. It is valid for 10 minutes."
    masked = mask_codes(text)
    assert code not in masked.replace("AKZ-2026-000042", "")
    assert masked.startswith(MASK) and "AKZ-2026-000042" in masked


def test_dates_times_and_case_sequences_are_no_one_time_codes():
    text = "AKZ-2026-000042 · 593430000-2026-000001 · 09.12.2026, 18:00 · 10 minutes"
    assert mask_codes(text) == text
