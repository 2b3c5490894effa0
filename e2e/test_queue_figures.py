"""The queue's figures in the browser: a resident sees "Queue now" (people waiting, the estimated
wait) on the akimat's page on a phone; an operator opens the hall's figures from the demo's
invented fortnight. In Kazakh, Russian and English, and every page passes axe-core."""

import pytest
from django.utils import translation
from playwright.sync_api import expect

from openakimat.queueing import services
from openakimat.queueing.models import Hall

from .test_apply_and_track import no_sideways_scroll
from .test_backoffice import signed_in

PHONE_SCREEN = {"width": 390, "height": 844}


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_queue_now_on_the_akimat_page_and_the_hall_figures(new_context, axe, lang):
    hall = Hall.objects.get(akimat__territory__kato="593400000")
    category = hall.categories.order_by("order", "letter").first()
    for _ in range(3):
        services.ticket_issue(category=category)

    phone = new_context(viewport=PHONE_SCREEN).new_page()
    phone.goto(f"/{lang}/akimats/593400000/")
    section = phone.locator("section[aria-labelledby=queue-now-heading]")
    expect(section.locator("h2")).to_have_text(said(lang, "Queue now"))
    expect(section.locator("tbody tr").first.locator("td").first).to_have_text("3")
    no_sideways_scroll(phone)
    axe(phone, f"the akimat page with the queue now, on a phone ({lang})")

    staff = signed_in(new_context, "demo.operator", lang)
    staff.goto(f"/{lang}/staff/queue/figures/")
    expect(staff).to_have_url(f"{staff.url.split('/staff/')[0]}/staff/queue/figures/{hall.pk}/")
    expect(staff.locator("#categories-heading")).to_have_text(said(lang, "By category"))
    expect(staff.locator("#hours-heading + .table-scroll tbody tr").first).to_be_visible()
    axe(staff, f"the hall's figures ({lang})")
    staff.locator("#id_start").fill("2020-01-01")
    staff.locator("#id_end").fill("2020-01-31")
    staff.locator("main form button[type=submit]").click()
    expect(staff.locator("main")).to_contain_text(said(lang, "No tickets in this period."))
