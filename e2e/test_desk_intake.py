"""An operator with a queue of people registers a returning resident: finds the service by typing
its name in another language and choosing it with the keyboard, looks the resident up by IIN with
their consent, prints the consent form in the resident's language and registers the application —
at a desk screen and on a 390 px phone, in Kazakh and Russian, every page axe-clean."""

import re

import pytest
from playwright.sync_api import expect

from openakimat.applications.models import Application
from openakimat.catalogue.models import ServiceOffering

from .test_backoffice import AKZHAR, pdf, signed_in

# The service is typed in a language other than the page's, to show the filter reads all three.
TYPED_IN = {"kk": "ru", "ru": "kk"}


def no_sideways_scroll(page) -> None:
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {page.viewport_size['width']}px"


@pytest.mark.parametrize("width", [1280, 390])
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_operator_registers_a_returning_resident_with_the_keyboard(new_context, axe, lang, width):
    offering = ServiceOffering.objects.select_related("service", "department__akimat").get(
        service__code="CONS-04", department__akimat__territory__kato=AKZHAR
    )
    earlier = Application.objects.filter(akimat=offering.department.akimat).order_by("-registered_at", "-pk").first()
    assert earlier is not None, "the demo has cases in Akzhar"
    desk = signed_in(new_context, "demo.operator", lang)
    desk.set_viewport_size({"width": width, "height": 900})

    # Step 1: type a part of the name in the other language; the list narrows as the keys go in.
    desk.goto(f"/{lang}/staff/cases/new/")
    picker = desk.locator("#id_offering")
    everything = picker.locator("option").count()
    axe(desk, f"the service picker at {width}px ({lang})")
    no_sideways_scroll(desk)
    name = getattr(offering.service, f"name_{TYPED_IN[lang]}")
    typed = name.split()[0][:7].lower()
    desk.locator("#service-q").focus()
    desk.keyboard.type(typed)
    expect(desk.locator("#service-found")).to_contain_text(re.compile(r"\d"))
    narrowed = picker.locator("option").count()
    assert 0 < narrowed < everything, (typed, narrowed, everything)
    expect(picker.locator(f'option[value="{offering.pk}"]')).to_have_count(1)
    axe(desk, f"the narrowed service picker at {width}px ({lang})")

    # Down moves into the list; the arrows move within it; Enter continues.
    desk.keyboard.press("ArrowDown")
    expect(picker).to_be_focused()
    for _ in range(narrowed):
        if picker.input_value() == str(offering.pk):
            break
        desk.keyboard.press("ArrowDown")
    assert picker.input_value() == str(offering.pk)
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"/{lang}/staff/cases/new/\?offering={offering.pk}$"))
    axe(desk, f"the intake form at {width}px ({lang})")
    no_sideways_scroll(desk)

    # The consent form opens in a tab of its own, in the resident's language, ready to print.
    other = TYPED_IN[lang]
    with desk.context.expect_page() as opened:
        desk.locator(f'.desk-consent a[lang="{other}"]').click()
    sheet = opened.value
    sheet.wait_for_load_state()
    expect(sheet.locator(f'article.consent-sheet[lang="{other}"]')).to_contain_text("94-V")
    axe(sheet, f"the consent form in {other} at {width}px ({lang})")
    sheet.emulate_media(media="print")
    expect(sheet.locator(".staff-header")).to_be_hidden()
    expect(sheet.locator(".consent-sheet")).to_be_visible()
    sheet.close()

    # The resident has applied here before and agrees: their details fill the form.
    desk.locator("#id_lookup-iin").fill(earlier.applicant_iin)
    desk.locator("#id_lookup-consent").focus()
    desk.keyboard.press("Space")
    desk.locator("#id_lookup-consent").press("Enter")  # submits the look-up form
    expect(desk.locator("#id_applicant_name")).to_have_value(earlier.applicant_name)
    expect(desk.locator("#id_applicant_phone")).to_have_value(earlier.applicant_phone)
    expect(desk.locator(".lookup-result")).to_be_visible()
    assert earlier.applicant_iin not in desk.url
    axe(desk, f"the intake form filled in by the look-up at {width}px ({lang})")
    no_sideways_scroll(desk)

    for doc in offering.service.documents.filter(mandatory=True):
        desk.locator(f"#id_doc_{doc.pk}").set_input_files(pdf(f"scan-{doc.pk}.pdf"))
    desk.locator("#id_consent").check()
    desk.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    expect(desk).to_have_url(re.compile(rf"/{lang}/staff/cases/[A-Z0-9-]+/receipt/$"))
    case = Application.objects.get(number=desk.locator(".desk-code").first.inner_text().strip())
    assert case.applicant_name == earlier.applicant_name
    assert case.events.get(kind="registered").data["lookup_consent"] is True
