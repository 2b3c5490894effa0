"""A resident signs up on a phone for the akim's open reception, confirms the phone with the SMS
code; at the reception the operator marks them attended and records the problem they raised,
assigned to a department; later the department reports it done and the reception's public page
shows it resolved, with nothing personal on it. In Kazakh, Russian and English, at 390 px and at a
desk, and every page passes axe-core."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from playwright.sync_api import expect

from openakimat.common.actor import SystemActor
from openakimat.control.models import Instruction
from openakimat.control.services import instruction_complete
from openakimat.notifications.models import Notification
from openakimat.receptions.models import Reception, SignUp, SignUpStatus
from openakimat.territory.models import Territory

from .test_apply_and_track import no_sideways_scroll
from .test_backoffice import signed_in

PHONE_SCREEN = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}
NAME = "Айгерім Сәтбаева"
PHONE = "+7 701 123 4567"
PROBLEM_TEXT = "The street to the school has no lighting."


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def sms_code(signup: SignUp) -> str:
    note = Notification.objects.filter(kind="receptions.code", target_id=signup.pk).latest("pk")
    return re.match(r"\d{6}", note.text).group(0)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_signs_up_and_the_problem_raised_is_assigned_and_shown_resolved(new_context, axe, lang):
    reception = Reception.objects.filter(kind="open_public", status="scheduled").order_by("starts_at").first()
    village = Territory.objects.get(kato="593430100")
    phone = new_context(viewport=PHONE_SCREEN).new_page()

    # The schedule, then the reception.
    phone.goto(f"/{lang}/receptions/")
    no_sideways_scroll(phone)
    axe(phone, f"the schedule on a phone ({lang})")
    phone.locator(f'a[href="/{lang}/receptions/{reception.pk}/"]').first.click()
    expect(phone.locator("h1")).to_contain_text(reception.host_name_en.split()[0] if lang == "en" else "")
    no_sideways_scroll(phone)
    axe(phone, f"the reception page on a phone ({lang})")

    # Sign up; a missing consent comes back on its field, then the code.
    phone.locator("#id_name").fill(NAME)
    phone.locator("#id_phone").fill(PHONE)
    phone.locator("#id_village").select_option(str(village.pk))
    phone.locator("#id_problem").fill("Біздің көшеде жарық жоқ.")
    phone.get_by_role("button", name=said(lang, "Send me the code")).click()
    expect(phone.locator(".error-summary a[href='#id_consent']")).to_be_visible()
    axe(phone, f"the sign-up with an error ({lang})")
    phone.locator("#id_consent").check()
    phone.get_by_role("button", name=said(lang, "Send me the code")).click()
    expect(phone).to_have_url(re.compile(rf"/{lang}/receptions/my/[A-Z2-7]{{24}}/$"))
    assert "7011234567" not in phone.url
    signup = SignUp.objects.get(reception=reception, status=SignUpStatus.PENDING)
    axe(phone, f"the code page ({lang})")
    phone.locator("#id_code").fill(sms_code(signup))
    phone.get_by_role("button", name=said(lang, "Confirm"), exact=True).click()
    expect(phone.locator("#signup-status")).to_have_text(said(lang, "Confirmed"))
    expect(phone.locator("#signup-time")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the confirmed sign-up ({lang})")

    # At the reception: the operator marks attendance and records the problem for a department.
    desk = signed_in(new_context, "demo.operator", lang)
    desk.goto(f"/{lang}/staff/receptions/{reception.pk}/")
    axe(desk, f"the reception's staff page ({lang})")
    # At the desk, by keyboard: the button is reached and pressed without a mouse.
    desk.locator("tr", has_text=NAME).get_by_role("button", name=re.compile(said(lang, "Attended"))).focus()
    desk.keyboard.press("Enter")
    expect(desk.locator("tr", has_text=NAME).locator(".signup-status")).to_have_text(said(lang, "Attended"))
    desk.locator("#id_text").fill(PROBLEM_TEXT)
    desk.locator("#id_topic").select_option("improvement")
    desk.locator("#id_village").select_option(str(village.pk))
    desk.locator("#id_signup").select_option(str(signup.pk))
    desk.locator("#id_department").select_option(index=1)
    desk.locator("#id_deadline").fill((timezone.localdate() + timedelta(days=30)).isoformat())
    desk.get_by_role("button", name=said(lang, "Record and assign")).focus()
    desk.keyboard.press("Enter")
    expect(desk.locator(".problem-list")).to_contain_text(PROBLEM_TEXT)
    axe(desk, f"the staff page with the problem ({lang})")
    desk.get_by_role("button", name=said(lang, "Mark the reception held")).click()
    expect(desk.locator(".summary-list").first).to_contain_text(said(lang, "Held"))
    instruction = Instruction.objects.get(source_kind="receptions.problem", title=PROBLEM_TEXT)
    assert instruction.status == "assigned"

    # Later the department reports it done (execution control's own pages are elsewhere).
    instruction_complete(actor=SystemActor("department"), instruction=instruction, result="Lamps installed.")

    # The public page shows it resolved, without the resident's name, phone or own words.
    for viewport, label in ((PHONE_SCREEN, "phone"), (DESK, "desk")):
        page = new_context(viewport=viewport).new_page()
        page.goto(f"/{lang}/receptions/{reception.pk}/")
        problem = page.locator(".problem-list li", has_text=PROBLEM_TEXT).first
        expect(problem.locator(".problem-state")).to_have_text(said(lang, "Resolved"))
        expect(problem).to_contain_text(instruction.number)
        body = page.content()
        assert NAME not in body and "701 123" not in body and "жарық жоқ" not in body
        no_sideways_scroll(page)
        axe(page, f"the reception's results on a {label} ({lang})")
