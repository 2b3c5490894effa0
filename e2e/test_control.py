"""A resident reads the register of instructions: an instruction whose deadline passed shows as
overdue — in words, not only in colour — without anyone touching it, on the register and on its own
page, in each language and on a phone."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from e2e.test_backoffice import signed_in
from openakimat.common import samples
from openakimat.common.actor import SystemActor
from openakimat.control import services, sources
from openakimat.control.models import Instruction
from openakimat.territory.models import Akimat, Territory

DISTRICT = "593400000"  # Akzhar district
OKRUG = "593430000"  # Talshik rural okrug
OVERDUE_WORDS = {"kk": "Мерзімі өтіп кеткен", "ru": "Просрочено", "en": "Overdue"}


@pytest.fixture
def overdue(site):
    """An instruction of Akzhar's akimat given ten days ago with a week to do it, still open."""
    kind = sources.register(sources.SourceKind(name="e2e.place", model=Territory, label="Place"))
    akimat = Akimat.objects.get(territory__kato=DISTRICT)
    instruction = services.instruction_create(
        actor=SystemActor("e2e"),
        source=akimat.territory,
        akimat=akimat,
        department=akimat.departments.get(kind="construction"),
        territory=Territory.objects.get(kato=OKRUG),
        title="Repair the street lights on Tselinnaya street",
        deadline=timezone.localdate() + timedelta(days=7),
    )
    past = timezone.localdate() - timedelta(days=3)
    Instruction.objects.filter(pk=instruction.pk).update(deadline=past, original_deadline=past)
    yield instruction
    sources._kinds.pop(kind.name, None)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize("width", [1280, 390])
def test_a_passed_deadline_shows_as_overdue_on_the_register_and_the_page(new_context, axe, overdue, lang, width):
    page = new_context(viewport={"width": width, "height": 900}).new_page()
    page.goto(f"/{lang}/control/instructions/{DISTRICT}/?status=overdue")
    row = page.locator("tbody tr", has_text=overdue.number)
    expect(row).to_be_visible()
    expect(row.locator(".state-overdue")).to_have_text(OVERDUE_WORDS[lang])
    axe(page, f"the akimat's register of instructions ({lang}, {width} px)")
    row.get_by_role("link", name=overdue.number).click()
    expect(page.locator("h1")).to_have_text(overdue.title)
    expect(page.locator("main .state-overdue")).to_have_text(OVERDUE_WORDS[lang])
    expect(page.locator("main .timeline > li")).to_have_count(1)
    axe(page, f"the instruction's page ({lang}, {width} px)")
    page.goto(f"/{lang}/control/instructions/")
    expect(page.locator("tbody tr", has_text=overdue.number).locator(".state-overdue")).to_be_visible()
    axe(page, f"the register of every akimat ({lang}, {width} px)")


def test_the_filters_work_without_javascript(new_context, overdue):
    page = new_context(java_script_enabled=False).new_page()
    page.goto(f"/en/control/instructions/{DISTRICT}/")
    page.get_by_label("Status").select_option("overdue")
    page.get_by_role("button", name="Show").click()
    expect(page).to_have_url(f"{page.url.split('?')[0]}?status=overdue&source=&department=&territory=")
    expect(page.locator("tbody tr", has_text=overdue.number)).to_be_visible()


@pytest.mark.parametrize("lang", ["kk", "en"])
def test_the_department_reports_progress_with_a_photo(new_context, axe, overdue, lang):
    """The specialist finds the overdue instruction first in the inbox and reports on it with a
    photo; the report and the photo are on the public page at once."""
    page = signed_in(new_context, "demo.specialist", lang)
    page.goto(f"/{lang}/staff/instructions/")
    first = page.locator("tbody tr").first
    expect(first).to_contain_text(overdue.number)
    expect(first.locator(".state-overdue")).to_be_visible()
    axe(page, f"the staff inbox of instructions ({lang})")
    first.get_by_role("link", name=overdue.number).click()
    axe(page, f"the staff page of an instruction ({lang})")
    form = page.locator('form[action$="/report/"]')
    form.locator("textarea").fill("The poles are set; the cable is next.")
    form.locator("input[type=file]").set_input_files(
        [{"name": "poles.png", "mimeType": "image/png", "buffer": samples.PNG}]
    )
    form.locator("button[type=submit]").click()
    expect(page.locator(".timeline > li").last).to_contain_text("The poles are set")
    axe(page, f"the staff page after the report ({lang})")
    page.goto(f"/{lang}/control/instructions/i/{overdue.number}/")
    expect(page.locator(".timeline .attachments a")).to_contain_text("poles.png")
    assert "demo.specialist" not in page.content() and "Ерлан" not in page.content()
