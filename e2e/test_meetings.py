"""The secretariat schedules a hybrid meeting with its agenda at a desk, without script: a form
with an error comes back in the reader's language; then the meeting's staff page, a decision made
into an instruction, the minutes editor with its preview and the question moderation queue of the
demo hearing. In Kazakh, Russian and English, and every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.control.models import Instruction
from openakimat.meetings.models import Meeting

from .test_backoffice import signed_in


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_secretariat_schedules_a_meeting_and_records_its_decision(new_context, axe, lang):
    desk = signed_in(new_context, "demo.secretariat", lang)
    desk.goto(f"/{lang}/staff/meetings/")
    axe(desk, f"the staff list of meetings ({lang})")
    desk.get_by_role("button", name=said(lang, "Schedule a meeting")).click()
    axe(desk, f"the schedule form ({lang})")
    starts = timezone.localtime() + timedelta(days=5)
    desk.locator("#id_akimat").select_option(index=1)
    desk.locator("#id_format").select_option("hybrid")
    desk.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    desk.locator("#id_place_ru").fill("Актовый зал")
    desk.locator("#id_agenda-0-title_ru").fill("О дорогах")
    desk.get_by_role("button", name=said(lang, "Save the meeting")).click()
    expect(desk.locator(".error-summary")).to_contain_text(said(lang, "Give the title in at least one language."))
    axe(desk, f"the schedule form with an error ({lang})")
    desk.locator("#id_title_ru").fill("Заседание по дорогам")
    desk.locator("#id_starts_at").fill(starts.strftime("%Y-%m-%dT%H:%M"))
    desk.get_by_role("button", name=said(lang, "Save the meeting")).click()
    expect(desk).to_have_url(re.compile(r"/staff/meetings/\d+/$"))
    meeting = Meeting.objects.get(title_ru="Заседание по дорогам")
    assert [i.title_ru for i in meeting.agenda_items.all()] == ["О дорогах"]
    axe(desk, f"the meeting's staff page ({lang})")

    desk.locator("summary", has_text=said(lang, "Record a decision")).click()
    desk.locator("#id_decision-text_ru").fill("Отремонтировать дорогу к школе")
    desk.locator("#id_decision-department").select_option(index=1)
    desk.locator("#id_decision-deadline").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    desk.get_by_role("button", name=said(lang, "Record the decision")).click()
    expect(desk.locator("#decision-1")).to_contain_text("Отремонтировать дорогу к школе")
    assert Instruction.objects.filter(source_kind="meetings.decision", source_id=meeting.decisions.get().pk).exists()
    axe(desk, f"the meeting's staff page with a decision ({lang})")

    desk.goto(f"/{lang}/staff/meetings/{meeting.pk}/minutes/")
    desk.locator("#id_body_ru").fill("Слушали.\n\nПостановили.")
    desk.get_by_role("button", name=said(lang, "Preview")).click()
    expect(desk.locator(".rich-text").first).to_contain_text("Постановили.")
    axe(desk, f"the minutes preview ({lang})")

    hearing = Meeting.objects.get(kind="hearing")
    desk.goto(f"/{lang}/staff/meetings/{hearing.pk}/questions/")
    expect(desk.locator("main")).to_contain_text("Demo resident 2")
    axe(desk, f"the question moderation queue ({lang})")
