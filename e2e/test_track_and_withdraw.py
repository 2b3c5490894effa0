"""A resident on a phone opens the link from the SMS, keeps the result while switching language,
and withdraws the application with the code sent by SMS after first mistyping it — in Kazakh and
Russian, and every page passes axe-core."""

import io
import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.applications.models import Application, Status
from openakimat.applications.services import Applicant, Upload, application_register
from openakimat.notifications.models import Notification

from .test_apply_and_track import IIN, NAME, PDF, PHONE, no_sideways_scroll, online_offering

PHONE_SCREEN = {"width": 390, "height": 844}
# The birth registration asks about the child (catalogue form fields).
BIRTH_ANSWERS = {
    "child_surname": "Сәтбаев",
    "child_given_name": "Нұрлан",
    "child_sex": "male",
    "child_birth_date": "2026-11-20",
    "child_birth_place": "Талшық ауылы",
    "mother_name": "Айгерім Сәтбаева",
    "parents_married": "yes",
}
OTHER = {"kk": "ru", "ru": "kk"}


def registered(language: str) -> Application:
    offering = online_offering()
    return application_register(
        actor=None,
        offering=offering,
        channel="online",
        consent=True,
        applicant=Applicant(iin=IIN, name=NAME, phone=PHONE, language=language),
        answers=BIRTH_ANSWERS,
        documents=[
            Upload(file=io.BytesIO(PDF), name="application.pdf", required=d)
            for d in offering.service.documents.filter(mandatory=True)
        ],
    )


def sms_link(case: Application) -> str:
    """The link of the registration SMS, as the resident's phone would open it (path and fragment)."""
    text = Notification.objects.get(target_id=case.pk, kind="applications.registered", medium="sms").text
    link = re.search(r"https?://\S+", text).group(0)
    return link.split("://", 1)[1].split("/", 1)[1]


def withdrawal_code(case: Application) -> str:
    notes = Notification.objects.filter(target_id=case.pk, kind="applications.withdrawal_code").order_by("-pk")
    return re.match(r"\d{6}", notes[0].text).group(0)


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_resident_opens_the_sms_link_switches_language_and_withdraws_with_the_sms_code(new_context, axe, lang):
    case = registered(lang)
    page = new_context(viewport=PHONE_SCREEN).new_page()
    requested = []
    page.on("request", lambda request: requested.append(request.url))

    # The SMS link: the script reads the code from the fragment, clears it and shows the case.
    path = sms_link(case)
    assert path == f"{lang}/track/{case.number}/#{case.tracking_code}"
    page.goto(f"/{path}")
    expect(page.locator(".case-state strong")).to_have_text(said(lang, Status.REGISTERED.label))
    assert page.url.endswith(f"/{lang}/track/") and "#" not in page.url
    assert not any(case.tracking_code in url for url in requested)  # never sent in an address
    assert page.evaluate("history.length") >= 1 and case.tracking_code not in page.evaluate("location.href")
    no_sideways_scroll(page)
    axe(page, f"the tracking result on a phone ({lang})")

    # Another language: the result is still there.
    other = OTHER[lang]
    page.locator(f'.languages a[hreflang="{other}"]').click()
    expect(page).to_have_url(re.compile(rf"/{other}/track/$"))
    expect(page.locator(".case-state strong")).to_have_text(said(other, Status.REGISTERED.label))
    expect(page.locator("#case-heading")).to_contain_text(case.number)
    page.locator(f'.languages a[hreflang="{lang}"]').click()
    expect(page.locator(".case-state strong")).to_have_text(said(lang, Status.REGISTERED.label))

    # Withdraw: a code comes by SMS; a wrong one changes nothing.
    page.get_by_role("button", name=said(lang, "Withdraw the application")).click()
    expect(page.locator("#confirm-heading")).to_have_text(said(lang, "Withdraw this application?"))
    expect(page.locator("#id_otp")).to_be_visible()
    no_sideways_scroll(page)
    axe(page, f"the withdrawal confirmation ({lang})")
    code = withdrawal_code(case)
    page.locator("#id_otp").fill(f"{(int(code) + 1) % 10**6:06d}")
    page.get_by_role("button", name=said(lang, "Yes, withdraw the application")).click()
    summary = page.locator("#otp-summary")
    expect(summary).to_contain_text(said(lang, "This code is wrong. Check the SMS and type its six digits."))
    expect(summary).to_be_focused()
    case.refresh_from_db()
    assert case.status == Status.REGISTERED
    no_sideways_scroll(page)
    axe(page, f"the withdrawal with a wrong code ({lang})")

    page.locator("#id_otp").fill(code)
    page.get_by_role("button", name=said(lang, "Yes, withdraw the application")).click()
    expect(page.get_by_role("alert")).to_contain_text(said(lang, "Your application has been withdrawn."))
    expect(page.locator(".case-state strong")).to_have_text(said(lang, Status.WITHDRAWN.label))
    case.refresh_from_db()
    assert case.status == Status.WITHDRAWN
    assert not any(code in url or case.tracking_code in url for url in requested)
    axe(page, f"the withdrawn application ({lang})")


def test_without_scripts_the_link_asks_for_the_code(new_context):
    case = registered("ru")
    page = new_context(viewport=PHONE_SCREEN, java_script_enabled=False).new_page()
    page.goto(f"/{sms_link(case)}")
    expect(page.locator("#from-link-hint")).to_be_visible()
    expect(page.locator("#id_number")).to_have_value(case.number)
    expect(page.locator("#id_tracking_code")).to_have_value("")
    page.locator("#id_tracking_code").fill(case.tracking_code)
    page.locator("#track-form button[type=submit]").click()
    expect(page.locator(".case-state strong")).to_have_text(said("ru", Status.REGISTERED.label))
