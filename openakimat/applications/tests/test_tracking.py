"""Tracking as residents type it: numbers and codes with spaces, without dashes, in lower case and
with Cyrillic letters that look like Latin ones — on the web form and in the API alike."""

import contextlib
import re
from unittest import mock

import pytest
from django.core.cache import cache

from openakimat.applications.models import Status
from openakimat.applications.tracking import (
    clean_tracking_input,
    group_code,
    normalise_number,
    normalise_tracking_code,
    track,
)


@contextlib.contextmanager
def freeze(moment):
    """timezone.now() at `moment` for the withdrawal service."""
    with mock.patch("openakimat.applications.services.withdrawal.timezone.now", return_value=moment):
        yield


# Cyrillic letters that look like the Latin ones of a number or a code.
CYRILLIC = str.maketrans("ABCEHKMOPTX", "АВСЕНКМОРТХ")


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    "typed",
    [
        "AKZ-2026-000015",
        "AKZ 2026 000015",
        "AKZ2026000015",
        "akz-2026-000015",
        " akz 2026-000015 ",
        "АКZ-2026-000015",  # Cyrillic А and К
        "акz2026000015",
        "AKZ–2026–000015",  # en dashes from a word processor
        "AKZ-2026-15",  # leading zeros left out
        "AKZ.2026.000015",
        "ＡＫＺ-２０２６-００００１５",  # full-width forms
    ],
)
def test_a_number_is_read_however_it_is_typed(typed):
    assert normalise_number(typed) == "AKZ-2026-000015"


@pytest.mark.parametrize("typed", ["593430000-2026-000001", "5934300002026000001", "593430000 2026 1"])
def test_a_number_with_a_kato_prefix_is_read_too(typed):
    assert normalise_number(typed) == "593430000-2026-000001"


@pytest.mark.parametrize("typed", ["", "hello", "AKZ-20-1", "A-2026-000015", "AKZ-2026-00001X"])
def test_text_that_is_no_number_stays_no_number(typed):
    assert normalise_number(typed) in ("", typed.upper())


@pytest.mark.parametrize(
    ("typed", "read"),
    [
        ("ABCD-1234-EFGH5", "ABCD1234EFGH5"),
        ("abcd 1234 efgh5", "ABCD1234EFGH5"),
        ("АВСD-1234-ЕFGН5", "ABCD1234EFGH5"),  # Cyrillic А, В, С, Е, Н
        ("O1L0-IIII-OOOOO", "0110111100000"),
        ("КМРТ ХАВС ЕНКМР", "KMPTXABCEHKMP"),
    ],
)
def test_a_tracking_code_is_read_leniently(typed, read):
    assert normalise_tracking_code(typed) == read


def test_a_code_of_the_wrong_length_matches_nothing():
    assert clean_tracking_input("AKZ-2026-000015", "ABCD1234EFGH") is None
    assert clean_tracking_input("", "ABCD1234EFGH5") is None
    assert clean_tracking_input("AKZ 2026 15", "abcd-1234-efgh5") == ("AKZ-2026-000015", "ABCD1234EFGH5")


def test_the_code_is_grouped_four_four_five():
    assert group_code("ABCD1234EFGH5") == "ABCD-1234-EFGH5"


def spaced(number: str) -> str:
    return number.replace("-", " ")


def variants(case) -> list[tuple[str, str]]:
    number, code = case.number, case.tracking_code
    return [
        (spaced(number), code),
        (number.replace("-", ""), group_code(code).lower()),
        (number.translate(CYRILLIC), code.translate(CYRILLIC)),
        (number.lower().translate(CYRILLIC), " ".join(group_code(code).split("-"))),
    ]


def test_the_look_up_finds_the_case_from_every_variant(case):
    assert case.number.startswith("AKZ-")  # the Cyrillic variant does change the number
    for number, code in variants(case):
        found = track(number, code)
        assert found is not None and found.number == case.number, (number, code)


def test_the_tracking_page_finds_the_case_from_every_variant(client, case):
    for number, code in variants(case):
        response = client.post("/en/track/", {"number": number, "tracking_code": code})
        assert response.status_code == 200, (number, code)
        assert "state-registered" in response.content.decode()


def test_the_tracking_api_finds_the_case_from_every_variant(client, case):
    for number, code in variants(case):
        response = client.post(
            "/api/v1/track", {"number": number, "tracking_code": code}, content_type="application/json"
        )
        assert response.status_code == 200, (number, code)
        assert response.json()["number"] == case.number


def test_a_look_alike_of_a_wrong_code_is_still_not_found(client, case):
    wrong = "0000000000000" if case.tracking_code != "0000000000000" else "1111111111111"
    response = client.post("/en/track/", {"number": spaced(case.number), "tracking_code": wrong})
    assert response.status_code == 404


# The result stays when the resident switches language


def post_track(client, case, lang="en", **extra):
    data = {"number": case.number, "tracking_code": case.tracking_code, **extra}
    return client.post(f"/{lang}/track/", data)


def test_the_result_stays_when_the_resident_switches_language(client, case):
    assert post_track(client, case, lang="kk").status_code == 200
    cookie = client.cookies["oa_tracked"]
    assert case.tracking_code not in cookie.value and case.number not in cookie.value
    assert cookie["httponly"] and cookie["samesite"] == "Lax"

    russian = client.get("/ru/track/")  # the language bar's link
    html = russian.content.decode()
    assert russian.status_code == 200 and "no-store" in russian["Cache-Control"]
    assert f"Заявление {case.number}" in html and "state-registered" in html
    english = client.get("/en/track/").content.decode()
    assert f"Application {case.number}" in english


def test_another_browser_does_not_see_the_result(client, case):
    post_track(client, case)
    client.cookies.clear()
    html = client.get("/en/track/").content.decode()
    assert case.number not in html and "state-registered" not in html


def test_a_forged_cookie_shows_nothing(client, case):
    client.cookies["oa_tracked"] = str(case.pk)  # unsigned
    html = client.get("/en/track/").content.decode()
    assert "state-registered" not in html


def test_hide_forgets_the_result_on_this_device(client, case):
    post_track(client, case)
    hidden = client.post("/en/track/", {"action": "hide"})
    assert hidden.status_code == 200 and "state-registered" not in hidden.content.decode()
    assert client.cookies["oa_tracked"].value == ""
    assert "state-registered" not in client.get("/en/track/").content.decode()


def test_the_result_is_forgotten_after_half_an_hour(client, case, monkeypatch):
    post_track(client, case)
    import time as time_module

    later = time_module.time() + 31 * 60
    monkeypatch.setattr("django.core.signing.time.time", lambda: later)
    assert "state-registered" not in client.get("/en/track/").content.decode()


# The link of the SMS and the receipt's QR code


def test_the_registration_sms_carries_a_link_with_the_code_in_the_fragment(case, settings):
    from openakimat.notifications.models import Notification

    sms = Notification.objects.get(target_id=case.pk, medium="sms", kind="applications.registered")
    link = f"http://localhost:8000/kk/track/{case.number}/#{case.tracking_code}"
    assert settings.SITE_URL == "http://localhost:8000"
    assert link in sms.text  # the resident chose Kazakh
    assert "?" not in sms.text.split("http", 1)[1]


def test_the_link_page_fills_in_the_number_and_asks_for_the_code(client, case):
    response = client.get(f"/ru/track/{case.number.replace('-', '')}/")
    html = response.content.decode()
    assert response.status_code == 200 and "no-store" in response["Cache-Control"]
    assert f'value="{case.number}"' in html
    assert 'id="track-form"' in html and "data-from-link" in html
    assert "/static/js/track-link.js" in html
    assert 'action="/ru/track/"' in html  # the result is then shown (and kept) at /ru/track/
    assert case.tracking_code not in html


def test_the_plain_tracking_page_has_no_script_of_its_own(client, db):
    html = client.get("/en/track/").content.decode()
    assert "track-link.js" not in html and "data-from-link" not in html


# Withdrawal with a one-time code


def sent_codes(case) -> list[str]:
    from openakimat.notifications.models import Notification

    notes = Notification.objects.filter(kind="applications.withdrawal_code", target_id=case.pk).order_by("pk")
    return [re.match(r"(\d{6})\b", n.text).group(1) for n in notes]


def audit_actions(case) -> list[str]:
    from openakimat.integrity.models import AuditEntry

    return list(
        AuditEntry.objects.filter(object_id=str(case.pk), action__startswith="application.withdraw")
        .order_by("pk")
        .values_list("action", flat=True)
    )


def wrong(otp: str) -> str:
    return f"{(int(otp) + 1) % 10**6:06d}"


def test_withdrawing_sends_a_code_by_sms_only_and_changes_nothing_yet(client, case):
    asked = post_track(client, case, action="withdraw")
    html = asked.content.decode()
    assert asked.status_code == 200
    assert "Withdraw this application?" in html and 'name="otp"' in html and 'autocomplete="one-time-code"' in html
    assert "We have sent a code of six digits by SMS" in html
    from openakimat.notifications.models import Notification

    notes = Notification.objects.filter(kind="applications.withdrawal_code", target_id=case.pk)
    assert [n.medium for n in notes] == ["sms"]
    assert case.number in notes[0].text and len(sent_codes(case)) == 1
    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    assert audit_actions(case) == ["application.withdrawal_code_sent"]


def test_a_wrong_code_changes_nothing_and_the_right_one_withdraws(client, case):
    post_track(client, case, action="withdraw")
    (otp,) = sent_codes(case)
    refused = post_track(client, case, action="withdraw-confirm", otp=wrong(otp))
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "This code is wrong" in html and 'href="#id_otp"' in html and 'aria-invalid="true"' in html
    case.refresh_from_db()
    assert case.status == Status.REGISTERED

    done = post_track(client, case, action="withdraw-confirm", otp=f" {otp[:3]} {otp[3:]} ")
    case.refresh_from_db()
    assert done.status_code == 200 and case.status == Status.WITHDRAWN
    assert "Your application has been withdrawn." in done.content.decode()
    assert audit_actions(case) == [
        "application.withdrawal_code_sent",
        "application.withdrawal_code_wrong",
        "application.withdraw",
    ]


def test_the_code_works_only_in_the_browser_that_asked_for_it(client, case):
    from django.test import Client

    post_track(client, case, action="withdraw")
    (otp,) = sent_codes(case)
    other = post_track(Client(), case, action="withdraw-confirm", otp=otp)
    assert other.status_code == 400 and "Ask for a code first" in other.content.decode()
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_number_and_code_alone_no_longer_withdraw(client, case):
    response = post_track(client, case, action="withdraw-confirm")
    case.refresh_from_db()
    assert response.status_code == 400 and case.status == Status.REGISTERED


def test_an_expired_code_is_refused_and_a_new_one_offered(client, case, settings):
    from datetime import timedelta

    from django.utils import timezone

    post_track(client, case, action="withdraw")
    (otp,) = sent_codes(case)
    later = timezone.now() + timedelta(minutes=settings.WITHDRAWAL_CODE_MINUTES, seconds=1)
    with freeze(later):
        response = post_track(client, case, action="withdraw-confirm", otp=otp)
    html = response.content.decode()
    case.refresh_from_db()
    assert response.status_code == 400 and case.status == Status.REGISTERED
    assert "This code has expired" in html and "Send a new code" in html


def test_too_many_wrong_codes_spend_the_code(client, case, settings):
    settings.WITHDRAWAL_CODE_ATTEMPTS = 2
    post_track(client, case, action="withdraw")
    (otp,) = sent_codes(case)
    for _ in range(2):
        assert post_track(client, case, action="withdraw-confirm", otp=wrong(otp)).status_code == 400
    spent = post_track(client, case, action="withdraw-confirm", otp=otp)  # even the right one now
    case.refresh_from_db()
    assert spent.status_code == 400 and "Too many wrong codes" in spent.content.decode()
    assert case.status == Status.REGISTERED


def test_codes_for_one_case_are_limited_per_hour(client, case, settings):
    settings.WITHDRAWAL_CODES_PER_HOUR = 2
    assert post_track(client, case, action="withdraw").status_code == 200
    assert post_track(client, case, action="withdraw").status_code == 200
    limited = post_track(client, case, action="withdraw")
    assert limited.status_code == 429 and int(limited["Retry-After"]) > 0
    assert len(sent_codes(case)) == 2


def test_a_closed_case_gets_no_code(client, case):
    from openakimat.applications.services import application_withdraw_by_resident

    application_withdraw_by_resident(number=case.number, tracking_code=case.tracking_code)
    response = post_track(client, case, action="withdraw")
    assert response.status_code == 200 and 'name="otp"' not in response.content.decode()
    assert sent_codes(case) == []


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_withdrawal_messages_are_translated(client, case, lang):
    from django.utils import translation

    post_track(client, case, lang=lang, action="withdraw")
    (otp,) = sent_codes(case)
    html = post_track(client, case, lang=lang, action="withdraw-confirm", otp=wrong(otp)).content.decode()
    with translation.override(lang):
        from django.utils.translation import gettext

        expected = gettext("This code is wrong. Check the SMS and type its six digits.")
    assert expected in html and expected != "This code is wrong. Check the SMS and type its six digits."


def test_the_code_sms_is_in_the_residents_language_and_masked_in_the_log(
    client, case, settings, caplog, django_capture_on_commit_callbacks
):
    import logging

    settings.SMS_BACKEND = "log"
    with caplog.at_level(logging.INFO, logger="openakimat.sms"), django_capture_on_commit_callbacks(execute=True):
        post_track(client, case, action="withdraw")
    (otp,) = sent_codes(case)
    logged = [r.getMessage() for r in caplog.records if r.name == "openakimat.sms"]
    assert logged and all(otp not in line for line in logged)
    assert any(case.number in line for line in logged)
    from openakimat.notifications.models import Notification

    text = Notification.objects.get(kind="applications.withdrawal_code", target_id=case.pk).text
    assert "өтінішті" in text or "қайтарып" in text  # Kazakh: the resident chose kk


# The desk receipt


@pytest.mark.parametrize(
    ("resident", "heading", "label"),
    [("ru", "Расписка по заявлению", "Код отслеживания"), ("kk", "өтініш бойынша қолхат", "Бақылау коды")],
)
def test_the_desk_receipt_is_in_the_residents_language_with_the_code_grouped_and_a_qr_code(
    staff_client, register, operator, resident, heading, label
):
    import base64

    from openakimat.applications.services import Applicant

    from .conftest import IIN

    case = register(
        applicant=Applicant(iin=IIN, name="Айгерім Сәтбаева", phone="+7 701 123 4567", email="", language=resident)
    )
    html = staff_client(operator).get(f"/en/staff/cases/{case.number}/receipt/").content.decode()
    article = html[html.index('<article class="desk-receipt"') : html.index("</article>")]
    assert f'lang="{resident}"' in article and heading in article and label in article
    assert "Tracking code" not in article  # not the operator's English
    assert heading in html[html.index("<title>") : html.index("</title>")]  # the printed page's header
    assert f'<dd class="desk-code tracking-code">{group_code(case.tracking_code)}</dd>' in article
    address = re.search(r'<dd class="track-address">([^<]+)</dd>', article).group(1)
    assert address == f"localhost:8000/{resident}/track/{case.number}/"  # the site's address, no code
    uri = re.search(r'<img src="data:image/svg\+xml;base64,([^"]+)"[^>]* alt="[^"]+"', article)
    assert uri, "a QR code image with a text alternative"
    svg = base64.b64decode(uri.group(1)).decode()
    assert svg.startswith("<?xml") and "<svg" in svg and "<path" in svg
    assert "Айгерім" not in html and "701 123 4567" not in html and IIN not in html


def test_the_qr_code_holds_the_short_link_with_the_code_in_the_fragment(case):
    from openakimat.applications.tracking import tracking_link
    from openakimat.applications.views_desk import qr_svg_data_uri

    link = tracking_link(case.number, case.tracking_code, "ru")
    assert link == f"http://localhost:8000/ru/track/{case.number}/#{case.tracking_code}"
    assert qr_svg_data_uri(link) != qr_svg_data_uri(tracking_link(case.number, case.tracking_code, "kk"))


def test_the_intake_form_asks_for_the_residents_language(staff_client, offering, operator):
    html = staff_client(operator).get(f"/en/staff/cases/new/?offering={offering.pk}").content.decode()
    assert (
        "Resident&#x27;s language (receipt and messages)" in html
        or "Resident's language (receipt and messages)" in html
    )


def test_without_the_rate_limiters_cache_no_code_is_sent(client, case, monkeypatch):
    """The code's limit fails closed: with the cache away, no SMS and a translated 503."""

    def cache_away(*args, **kwargs):
        raise ConnectionError("cache down")

    monkeypatch.setattr("openakimat.common.ratelimit._increment", cache_away)
    response = post_track(client, case, action="withdraw")
    html = response.content.decode()
    assert response.status_code == 503 and "The code can&#x27;t be sent just now" in html
    assert sent_codes(case) == [] and 'name="otp"' not in html
    case.refresh_from_db()
    assert case.status == Status.REGISTERED


def test_the_kept_result_costs_three_queries_and_no_session(client, case, django_assert_max_num_queries):
    post_track(client, case)
    assert "sessionid" not in client.cookies  # tracking writes no session row
    # the case's keys by its primary key, then the look-up's two statements
    with django_assert_max_num_queries(3):
        assert "state-registered" in client.get("/en/track/").content.decode()


@pytest.mark.parametrize("number", ["%00", "x" * 500, "%D0%90%D0%9AZ-2026-1", "%3Cscript%3E", "%FF%FE"])
def test_the_link_page_takes_any_number_without_an_error(client, db, number):
    response = client.get(f"/en/track/{number}/")
    assert response.status_code in (200, 400)  # 400: a NUL or bytes that are not UTF-8
    assert "<script>" not in response.content.decode()


def test_the_link_page_reads_a_cyrillic_number(client, db):
    html = client.get("/en/track/%D0%90%D0%9AZ-2026-1/").content.decode()  # Cyrillic А and К
    assert 'value="AKZ-2026-000001"' in html
