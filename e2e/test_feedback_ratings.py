"""A resident rates an issued application from its tracking page on a 390 px phone — forgetting the
score first, which comes back as a message — and the register's service page then shows the
aggregate. In Kazakh, Russian and English; every page passes axe-core. The minimum count of the
published mean is lowered to one for the test (RATINGS_MIN_COUNT)."""

import re

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.applications.models import Application, Status
from openakimat.feedback.models import Rating

from .test_apply_and_track import no_sideways_scroll

PHONE_SCREEN = {"width": 390, "height": 844}


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_rates_an_issued_application_and_the_service_page_shows_it(new_context, axe, settings, lang):
    settings.RATINGS_MIN_COUNT = 1
    case = Application.objects.filter(status=Status.ISSUED).select_related("service").order_by("pk").first()
    Rating.objects.filter(service=case.service).delete()
    phone = new_context(viewport=PHONE_SCREEN).new_page()

    # The tracking page, by number and code.
    phone.goto(f"/{lang}/track/")
    phone.locator("#id_number").fill(case.number)
    phone.locator("#id_tracking_code").fill(case.tracking_code)
    phone.locator("#track-form button[type=submit]").click()
    expect(phone.locator("#rating")).to_be_visible()
    expect(phone.locator("#rating legend")).to_have_text(said(lang, "How was the service?"))
    no_sideways_scroll(phone)
    axe(phone, f"the tracking page with the rating ({lang})")

    # Sent without a score: the message, on a page of its own, linked to the first radio.
    phone.locator("#id_comment").fill("Жылдам әрі сыпайы.")
    phone.get_by_role("button", name=said(lang, "Send the rating")).click()
    summary = phone.locator(".error-summary")
    expect(summary).to_contain_text(said(lang, "Choose a score from 1 to 5."))
    expect(summary.locator("a[href='#id_score_0']")).to_be_visible()
    assert not Rating.objects.filter(application=case).exists()
    no_sideways_scroll(phone)
    axe(phone, f"the rating with an error ({lang})")

    # Four stars, by the keyboard-usable radio's label; the comment was kept.
    expect(phone.locator("#id_comment")).to_have_value("Жылдам әрі сыпайы.")
    phone.get_by_label(said(lang, "4 — good")).check()
    phone.get_by_role("button", name=said(lang, "Send the rating")).click()
    expect(phone.locator("#rating-thanks")).to_contain_text(said(lang, "Thank you. Your rating has been counted."))
    axe(phone, f"the thanks ({lang})")
    assert Rating.objects.get(application=case).score == 4

    # The register's service page shows the aggregate, and nothing of the resident.
    phone.goto(f"/{lang}/services/{case.service.code}/")
    expect(phone.locator(".rating-mean")).to_contain_text(re.compile(r"4[.,]0"))
    html = phone.content()
    assert case.number not in html and "Жылдам" not in html
    no_sideways_scroll(phone)
    axe(phone, f"the service page with the ratings ({lang})")
