"""The shell of every resident page on a phone: the header leaves most of the first screen to the
page, no page is wider than a small phone, the menu opens and closes by keyboard, and the design page
and the pages built from its components pass axe-core in Kazakh, Russian and English."""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import LocalePrefixPattern
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.appeals.models import Appeal
from openakimat.budget.models import Project
from openakimat.control.models import Instruction
from openakimat.meetings.models import Meeting
from openakimat.news.models import Item as NewsItem
from openakimat.problems.models import Report
from openakimat.queueing.models import Category as QueueCategory
from openakimat.queueing.slots import bookable_days
from openakimat.receptions.models import Reception
from openakimat.web.display import LEGACY_LOW_VISION_COOKIE as LOW_VISION_COOKIE

LANGUAGES = ["kk", "ru", "en"]
PHONE = {"width": 390, "height": 844}
AKZHAR, REGION = "593400000", "590000000"
SERVICE = "ZAGS-01"  # online in the demo register

# Pages under the language prefix that are not public pages a resident opens by address, and why.
NOT_PUBLIC_PAGES = {
    "display-settings": "a form target (POST only)",
    "design": "staff only (or DEBUG)",
    "staff-home": "staff area",
    "staff-verify": "the second step of the sign-in, only after the first",
    "staff-logout": "a form target",
    "staff-akimat": "staff area",
    "frontoffice:receipt": "shown once, right after an application is sent",
    "appeals:receipt": "shown right after an appeal is sent",
    "budget:project-file": "a file download, not a page",
    "budget:territory-figures": "a CSV download, not a page",
    "control:file": "a file download, not a page",
    "receptions:signup": "a form target (POST only)",
    "receptions:mine": "the resident's own link, with its secret in the address",
    "problems:thanks": "shown once, right after a report is sent",
    "problem_map:geojson": "the map's data, not a page",
    "problem_map:rss": "a feed, not a page",
    "problem_map:atom": "a feed, not a page",
    "problem_map:area-rss": "a feed, not a page",
    "problem_map:area-atom": "a feed, not a page",
    "agenda:feed": "an iCalendar feed, not a page",
    "agenda:kind-feed": "an iCalendar feed, not a page",
    "news:rss": "a feed, not a page",
    "news:atom": "a feed, not a page",
    "news:akimat-rss": "a feed, not a page",
    "news:akimat-atom": "a feed, not a page",
    "problem_map:alert-confirm": "a link from a message, with its secret in the address",
    "problem_map:alert-unsubscribe": "a link from a message, with its secret in the address",
    "open311-keys:confirm": "a link from the e-mail, with its secret in the address",
    "open311-keys:revoke": "a link from the e-mail, with its secret in the address",
    "meetings:ask": "a form target (POST only)",
    "meetings:asked": "shown once, right after a question is sent",
    "meetings:document": "a file download, not a page",
    "meetings:transcript-file": "a file download, not a page",
    "queueing:kiosk-ticket": "shown once at the kiosk, right after a ticket is taken",
    "queueing:board-json": "the display board's data, not a page",
    "queueing:ticket": "the resident's own ticket, with its secret in the address",
    "queue_booking:confirm": "the second step of a booking, only after the first",
    "queue_booking:booking": "a booking found by its code, only after the code is given",
    "queue_booking:move": "moving a booking found by its code, only after the code is given",
    "ratings:application": "a form target (POST only), with the tracking code in its body",
    "ratings:visit": "the resident's own ticket's rating, with its secret in the address",
    "ratings:invite": "a link from the SMS, with its secret in the address",
    "comments:report": "a form target (POST only): a resident reports a comment",
    "corruption:add": "a form target (POST only), with the tracking code in its body",
    "data:csv": "a file download, not a page",
    "data:json": "a file download, not a page",
    "data:zip": "a file download, not a page",
    "data:datapackage": "a Data Package descriptor (JSON), not a page",
}
NOT_PUBLIC_NAMESPACES = {
    "cases": "staff area",
    "appeals-staff": "staff area",
    "control-staff": "staff area",
    "problems_staff": "staff area",
    "receptions-staff": "staff area",
    "meetings-staff": "staff area",
    "news-staff": "staff area",
    "queue_staff": "staff area",
    "queue_figures": "staff area",
    "corruption-staff": "staff area",
    "ratings-staff": "staff area",
    "comments-staff": "staff area",
}


def language_prefixed_url_names() -> list[str]:
    """Every named URL under the language prefix, read from the URL configuration, so a page added
    later is checked here or must be named above as not public."""
    names: list[str] = []

    def walk(patterns, namespace: list[str]) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns, namespace + ([pattern.namespace] if pattern.namespace else []))
            elif isinstance(pattern, URLPattern) and pattern.name:
                names.append(":".join([*namespace, pattern.name]))

    for top in get_resolver().url_patterns:
        if isinstance(top, URLResolver) and isinstance(top.pattern, LocalePrefixPattern):
            walk(top.url_patterns, [])
    return names


def public_pages(lang: str) -> dict[str, str]:
    """The address of each public page in the demo data, in one language."""
    project = Project.objects.order_by("slug").first()
    assert project is not None, "the demo has no budget project"
    report = Report.objects.order_by("pk").values_list("pk", flat=True)[0]
    booking_category = QueueCategory.objects.filter(hall__akimat__territory__kato=AKZHAR, bookable=True).first()
    assert booking_category is not None, "the demo hall has no category open for booking"
    kwargs = {
        "region-service-akimats": {"kato": REGION},
        "akimat-detail": {"kato": AKZHAR},
        "service-detail": {"code": SERVICE},
        "frontoffice:apply": {"code": SERVICE},
        "frontoffice:track-case": {"number": "AKZ-2026-000001"},  # the SMS link's page: any number
        "budget:project": {"slug": project.slug},
        "budget:territory": {"kato": AKZHAR},
        "budget:territory-table": {"kato": AKZHAR},
        "budget:territory-embed": {"kato": AKZHAR},
        "budget:compare-years": {"kato": AKZHAR},
        "appeals:detail": {"number": Appeal.objects.filter(published=True).values_list("number", flat=True)[0]},
        "control:detail": {"number": Instruction.objects.order_by("pk").values_list("number", flat=True)[0]},
        "control:akimat-register": {"kato": AKZHAR},
        "receptions:detail": {"pk": Reception.objects.order_by("starts_at").values_list("pk", flat=True)[0]},
        "meetings:detail": {
            "pk": Meeting.objects.filter(published=True).order_by("pk").values_list("pk", flat=True)[0]
        },
        "problems:report-new": {"kato": AKZHAR},
        "agenda:akimat": {"kato": AKZHAR},
        "data:dataset": {"slug": "instructions"},
        "comments:new": {"kind": "budget.project", "target_id": project.pk},
        "problems:report": {"pk": report},
        "problems:mine": {"pk": report},
        "problems:follow": {"pk": report},
        "news:akimat": {"kato": AKZHAR},
        "queueing:kiosk": {"kato": AKZHAR},
        "queueing:board": {"kato": AKZHAR},
        "queue_booking:hall": {"kato": AKZHAR},
        "queue_booking:checkin": {"kato": AKZHAR},
        "queue_booking:category": {"kato": AKZHAR, "letter": booking_category.letter},
        "queue_booking:day": {
            "kato": AKZHAR,
            "letter": booking_category.letter,
            "day": bookable_days(booking_category, timezone.now())[0].isoformat(),
        },
        "news:item": {
            "kato": AKZHAR,
            "pk": NewsItem.objects.filter(is_demo=True, pinned=True).values_list("pk", flat=True)[0],
        },
    }
    pages = {}
    with translation.override(lang):
        for name in language_prefixed_url_names():
            if name in NOT_PUBLIC_PAGES or name.split(":")[0] in NOT_PUBLIC_NAMESPACES:
                continue
            pages[name] = reverse(name, kwargs=kwargs.get(name, {}))
    return pages


def header_share(page) -> float:
    height = page.evaluate("document.querySelector('.site-header').getBoundingClientRect().height")
    return height / page.viewport_size["height"]


def test_the_list_of_public_pages_covers_the_resident_journeys(site):
    pages = public_pages("en")
    for expected in (
        "home",
        "service-akimats",
        "region-service-akimats",
        "akimat-detail",
        "service-list",
        "service-detail",
        "frontoffice:apply",
        "frontoffice:track",
        "budget:index",
        "budget:territory",
        "budget:territory-table",
        "budget:project",
        "staff-login",
    ):
        assert expected in pages, f"{expected} is missing from the pages checked"


@pytest.mark.parametrize("width", [320, 390])
def test_no_public_page_is_wider_than_a_small_phone(new_context, width):
    page = new_context(viewport={"width": width, "height": 844}).new_page()
    too_wide = []
    for lang in ("kk", "ru"):  # the longest words; English is shorter
        for name, path in public_pages(lang).items():
            response = page.goto(path)
            assert response.ok, f"{path} answered {response.status}"
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > width:
                too_wide.append(f"{name} ({path}): {scroll_width}px")
    assert not too_wide, f"pages wider than {width}px:\n" + "\n".join(too_wide)


@pytest.mark.parametrize(("low_vision", "limit"), [(False, 0.20), (True, 0.35)], ids=["normal", "low-vision"])
def test_header_leaves_the_first_screen_to_the_page_on_a_phone(new_context, site, low_vision, limit):
    context = new_context(viewport=PHONE)
    if low_vision:
        context.add_cookies([{"name": LOW_VISION_COOKIE, "value": "1", "url": site}])
    page = context.new_page()
    shares = {}
    for lang in LANGUAGES:
        pages = public_pages(lang)
        for name in ("home", "service-list", "frontoffice:track", "budget:territory", "frontoffice:apply"):
            page.goto(pages[name])
            expect(page.locator("html")).to_have_class(
                re.compile(r"\btext-3\b") if low_vision else re.compile(r"^(?!.*text-)")
            )
            shares[f"{name} ({lang})"] = header_share(page)
    over = {k: f"{v:.1%}" for k, v in shares.items() if v > limit}
    assert not over, f"the header takes more than {limit:.0%} of a 390×844 screen: {over}"


def test_keyboard_user_opens_and_closes_the_menu_on_a_phone(new_context):
    page = new_context(viewport=PHONE).new_page()
    page.goto("/en/services/")
    menu_button = page.locator("#menu > summary")
    home_link = page.get_by_role("navigation", name="Main").get_by_role("link", name="Home")
    expect(home_link).to_be_hidden()

    menu_button.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#menu")).to_have_attribute("open", "")
    expect(home_link).to_be_visible()
    expect(page.get_by_role("link", name="Public services", exact=True)).to_have_attribute("aria-current", "page")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Home"

    menu_button.focus()
    page.keyboard.press("Space")
    expect(page.locator("#menu")).not_to_have_attribute("open", "")
    expect(home_link).to_be_hidden()


def test_the_menu_is_open_inline_on_a_wide_screen_and_the_api_docs_are_in_the_footer(page):
    page.goto("/ru/")
    expect(page.locator("#menu > summary")).to_be_hidden()
    main_nav = page.get_by_role("navigation", name="Основное")
    expect(main_nav.get_by_role("link", name="Открытые бюджеты")).to_be_visible()
    expect(main_nav.locator('a[href^="/api/"]')).to_have_count(0)
    footer = page.locator(".site-footer")
    expect(footer.get_by_role("heading", name="Разработчикам")).to_be_visible()
    expect(footer.get_by_role("link", name="Документация API (на английском)")).to_have_attribute(
        "href", "/api/v1/docs"
    )


@pytest.mark.parametrize("lang", LANGUAGES)
def test_design_page_shows_every_component_accessibly(page, axe, settings, lang):
    settings.DEBUG = True  # the page is for staff, or for anyone on a developer's machine
    response = page.goto(f"/{lang}/design/")
    assert response.status == 200
    for selector in (
        ".tag-blue",
        ".tag-green",
        ".tag-orange",
        ".tag-red",
        ".tag-grey",
        "#design-summary-list",
        ".panel-confirmation",
        ".banner",
        ".banner-success",
        ".error-summary",
        ".button-secondary",
        ".button-warning",
        "#design-table-sample",
        ".pagination",
    ):
        expect(page.locator(selector).first).to_be_visible()
    axe(page, f"the design page ({lang})")

    # Under 600 px each table row is a card whose cells say which column they are.
    page.set_viewport_size({"width": 390, "height": 844})
    cell = page.locator("#design-table-sample tbody td").first
    label = page.evaluate("el => getComputedStyle(el, '::before').content", cell.element_handle())
    with translation.override(lang):
        assert label == f'"{translation.gettext("Amount, tenge")}"'
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    axe(page, f"the design page on a phone ({lang})")


def test_design_page_is_not_public(page):
    page.goto("/en/design/")
    assert "/en/staff/login/" in page.url, page.url
    expect(page.locator("#design-table-sample")).to_have_count(0)


@pytest.mark.parametrize("lang", LANGUAGES)
def test_resident_pages_built_from_components_pass_axe_on_a_phone(new_context, axe, lang):
    page = new_context(viewport=PHONE).new_page()
    pages = public_pages(lang)
    # The sign-in page has the staff header (no resident menu), so it goes first and the menu is
    # opened on a resident page.
    for name in (
        "staff-login",
        "home",
        "service-list",
        "service-detail",
        "frontoffice:track",
        "budget:territory-table",
        "budget:project",
        "region-service-akimats",
    ):
        page.goto(pages[name])
        axe(page, f"{name} on a phone ({lang})")
    page.locator("#menu > summary").click()
    axe(page, f"the open menu ({lang})")


def test_error_summary_takes_the_focus_without_javascript(new_context):
    page = new_context(java_script_enabled=False).new_page()
    page.goto("/en/track/")
    page.locator("#id_number").fill("AKZ-2026-999999")
    page.locator("#id_tracking_code").fill("ABCDEFGHJKLM")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_visible()
    # Without scripts Playwright can't ask the page; the summary is marked to take the focus on load.
    expect(page.locator("#error-summary")).to_have_attribute("autofocus", "")


def test_error_summary_has_the_focus_when_the_page_loads(page):
    page.goto("/kk/track/")
    page.locator("#id_number").fill("AKZ-2026-999999")
    page.locator("#id_tracking_code").fill("ABCDEFGHJKLM")
    page.locator("form.form button[type=submit]").click()
    expect(page.locator("#error-summary")).to_be_focused()
