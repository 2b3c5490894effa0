"""A meeting from its scheduling to its decisions carried out, across the roles that take part.

The secretariat schedules a hybrid meeting with an agenda, starting in five minutes, and publishes
it; a resident opening the home page sees it live. The secretariat records a decision, which
becomes an instruction to the construction department, and publishes the minutes. The department's
specialist takes the instruction into work and reports it done; the meeting's public page then
says the decision is done. In Kazakh, Russian and English; every page is checked by axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.control.models import Instruction, Status
from openakimat.meetings.models import Meeting
from openakimat.territory.models import Akimat, Department

from .test_backoffice import signed_in

DISTRICT = "593400000"  # Akzhar district
TITLES = {
    "kk": "Жол жөндеу туралы кеңес",
    "ru": "Совещание о ремонте дорог",
    "en": "Meeting on road repairs",
}


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_meeting_goes_live_and_its_decision_is_carried_out(new_context, axe, lang):
    akimat = Akimat.objects.get(territory__kato=DISTRICT)
    construction = Department.objects.get(akimat=akimat, kind="construction")
    title = TITLES[lang]

    # The secretariat schedules a hybrid meeting with an agenda, starting in five minutes.
    desk = signed_in(new_context, "demo.secretariat", lang)
    desk.goto(f"/{lang}/staff/meetings/new/")
    starts = timezone.localtime() + timedelta(minutes=5)
    desk.locator("#id_akimat").select_option(str(akimat.pk))
    desk.locator("#id_format").select_option("hybrid")
    desk.locator(f"#id_title_{lang}").fill(title)
    desk.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    # A mistake on the way: an end before the start.
    desk.locator("#id_ends_at").fill((starts - timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    desk.locator("#id_stream_url").fill("https://www.youtube.com/watch?v=akzhar2026")
    desk.locator(f"#id_place_{lang}").fill("Akzhar, 1")
    desk.locator(f"#id_agenda-0-title_{lang}").fill("1. " + title)
    desk.locator("#id_agenda-0-presenter_name").fill("Demo presenter")
    desk.locator("#id_agenda-0-duration_minutes").fill("20")
    desk.get_by_role("button", name=said(lang, "Save the meeting")).click()
    expect(desk.locator(".error-summary")).to_contain_text(said(lang, "The meeting must end after it starts."))
    assert not Meeting.objects.filter(**{f"title_{lang}": title}).exists()
    axe(desk, f"the schedule form with a mistake ({lang})")
    desk.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    desk.locator("#id_ends_at").fill((starts + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_role("button", name=said(lang, "Save the meeting")).click()
    expect(desk).to_have_url(re.compile(r"/staff/meetings/\d+/$"))
    meeting = Meeting.objects.get(**{f"title_{lang}": title})
    assert meeting.agenda_items.get().duration_minutes == 20
    desk.get_by_role("button", name=said(lang, "Publish"), exact=True).click()
    expect(desk.locator("main")).to_contain_text(said(lang, "Published"))
    axe(desk, f"the meeting's staff page ({lang})")

    # A resident on a phone: the home page shows it live, and so does its page.
    resident = new_context(viewport={"width": 390, "height": 844}).new_page()
    resident.goto(f"/{lang}/")
    live = resident.locator("#live-meetings")
    expect(live).to_contain_text(title)
    axe(resident, f"the home page with a live meeting ({lang}, 390 px)")
    live.get_by_role("link", name=title).click()
    expect(resident.locator("h1")).to_contain_text(title)
    expect(resident.locator("main")).to_contain_text(said(lang, "Live now"))
    axe(resident, f"the live meeting's page ({lang}, 390 px)")

    # The decision becomes an instruction to the construction department; the minutes are published.
    desk.locator("summary", has_text=said(lang, "Record a decision")).click()
    desk.locator(f"#id_decision-text_{lang}").fill("Repair the road to the school by spring")
    desk.locator("#id_decision-department").select_option(str(construction.pk))
    desk.locator("#id_decision-deadline").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    desk.get_by_role("button", name=said(lang, "Record the decision")).click()
    expect(desk.locator("#decision-1")).to_contain_text("Repair the road to the school")
    instruction = Instruction.objects.get(source_kind="meetings.decision", source_id=meeting.decisions.get().pk)
    desk.goto(f"/{lang}/staff/meetings/{meeting.pk}/minutes/")
    desk.locator(f"#id_body_{lang}").fill("Heard the department.\n\nDecided: repair the road.")
    desk.get_by_role("button", name=said(lang, "Save the minutes")).click()
    desk.goto(f"/{lang}/staff/meetings/{meeting.pk}/")
    desk.get_by_role("button", name=said(lang, "Publish the minutes")).click()
    expect(desk.locator("main")).not_to_contain_text(said(lang, "Not published yet."))

    resident.reload()
    expect(resident.locator("#decisions")).to_contain_text(instruction.number)
    expect(resident.locator("main")).to_contain_text("Decided: repair the road.")
    done = said(lang, "Done")
    expect(resident.locator("#decisions .decision-state")).not_to_contain_text(done)

    # The department takes it into work and reports it done.
    specialist = signed_in(new_context, "demo.specialist", lang)
    specialist.goto(f"/{lang}/staff/instructions/{instruction.number}/")
    specialist.locator('form[action$="/start/"] button[type=submit]').click()
    specialist.locator('form[action$="/complete/"] textarea').fill("The road is repaired; photos in the report.")
    specialist.locator('form[action$="/complete/"] button[type=submit]').click()
    expect(specialist.locator(".timeline > li").last).to_contain_text("The road is repaired")
    instruction.refresh_from_db()
    assert instruction.status == Status.DONE

    # The meeting's page says the decision is done, for a resident who never signed in.
    resident.reload()
    expect(resident.locator("#decisions .decision-state")).to_contain_text(done)
    axe(resident, f"the meeting's page with its decision done ({lang}, 390 px)")
