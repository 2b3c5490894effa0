"""A resident's problem report is triaged at the desk and shows on the public list: the operator
signs in, finds the new report in the inbox, accepts it as an instruction with the deadline the
category proposes — by keyboard — and the public list shows it accepted. The public list and the
alert form pass axe-core in Kazakh, Russian and English, on a phone's 390 px screen too."""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from openakimat.problems.models import Category, Report, Status
from openakimat.problems.services import NewReport, report_create
from openakimat.territory.models import Akimat, Department

from .test_backoffice import AKZHAR, signed_in


def _report() -> Report:
    akimat = Akimat.objects.get(territory__kato=AKZHAR)
    department = Department.objects.filter(akimat=akimat, kind="construction").first()
    category, _ = Category.objects.get_or_create(
        akimat=akimat,
        code="roads",
        defaults={
            "department": department,
            "name_kk": "Жолдар",
            "name_ru": "Дороги",
            "name_en": "Roads",
            "days_to_fix": 12,
        },
    )
    return report_create(
        NewReport(
            category=category,
            description="A deep pothole at the bus stop",
            lat=Decimal("53.637"),
            lon=Decimal("71.874"),
            address="Tselinnaya street, the bus stop",
            name="Айгерім",
            phone="+77011234567",
        )
    ).report


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_public_list_and_alerts_pass_axe_on_a_phone(new_context, axe, lang):
    report = _report()
    page = new_context(viewport={"width": 390, "height": 844}).new_page()
    page.goto(f"/{lang}/problems/")
    expect(page.locator(f"#report-{report.pk}")).to_be_visible()
    assert "Айгерім" not in page.content() and "7011234567" not in page.content()
    axe(page, f"the public list of problem reports at 390 px ({lang})")
    page.goto(f"/{lang}/problems/?status=open&category={report.category_id}")
    expect(page.locator(f"#report-{report.pk}")).to_be_visible()
    axe(page, f"the filtered list at 390 px ({lang})")
    page.goto(f"/{lang}/problems/alerts/")
    axe(page, f"the alert form at 390 px ({lang})")
    page.locator("main form button[type=submit]").click()
    expect(page.locator(".error-summary")).to_be_visible()
    axe(page, f"the alert form with errors ({lang})")


def test_the_operator_accepts_a_report_by_keyboard_and_the_list_shows_it(new_context, axe):
    report = _report()
    desk = signed_in(new_context, "demo.operator", "en")
    desk.goto("/en/staff/problems/")
    axe(desk, "the triage inbox")
    link = desk.locator(f'a[href="/en/staff/problems/{report.pk}/"]')
    link.focus()
    desk.keyboard.press("Enter")
    expect(desk).to_have_url(re.compile(rf"/en/staff/problems/{report.pk}/$"))
    expect(desk.locator("#reporter-heading")).to_be_visible()
    axe(desk, "the report's triage page")

    accept = desk.locator('form[action$="/accept/"]')
    deadline = timezone.localdate() + timedelta(days=report.category.days_to_fix)
    expect(accept.locator("#id_deadline")).to_have_value(deadline.isoformat())
    accept.locator("#id_title").focus()
    desk.keyboard.press("ControlOrMeta+a")
    desk.keyboard.type("Patch the pothole at the bus stop")
    accept.locator("button[type=submit]").focus()
    desk.keyboard.press("Enter")
    expect(desk.locator(".messages")).to_be_visible()
    axe(desk, "the report after it was accepted")
    report.refresh_from_db()
    assert report.status == Status.ACCEPTED

    public = new_context().new_page()
    public.goto("/en/problems/?status=accepted")
    item = public.locator(f"#report-{report.pk}")
    expect(item).to_contain_text("Accepted")
    expect(item).to_contain_text("Patch the pothole at the bus stop")
    axe(public, "the public list with the accepted report")
