"""A resident comments on a budget project from a 390 px phone — makes a mistake on the way and
takes the CAPTCHA's question in words instead of the picture — and the akimat's moderator approves
the comment, which then shows on the project's page with the name and the date, never the e-mail.
In Kazakh, Russian and English; every page passes axe-core."""

import pytest
from playwright.sync_api import expect

from openakimat.budget.models import Project
from openakimat.feedback.models import Comment, CommentStatus
from openakimat.territory.models import Territory

from .test_apply_and_track import no_sideways_scroll
from .test_backoffice import signed_in
from .test_receptions import PHONE_SCREEN, said

AKZHAR = "593400000"


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_a_resident_comments_on_a_budget_project_and_a_moderator_approves_it(new_context, axe, lang):
    district = Territory.objects.get(kato=AKZHAR)
    project = Project.objects.filter(territory__path__startswith=district.path).order_by("pk").first()
    text = f"Шатырды қыс алдында бітіріңіздер 🙏 ({lang}) <script>alert(1)</script>"
    email = f"resident.{lang}@example.kz"
    phone = new_context(viewport=PHONE_SCREEN).new_page()

    phone.goto(f"/{lang}/budget/projects/{project.slug}/")
    expect(phone.locator("#comments-heading")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the project page with its comments ({lang})")
    phone.locator("#comments a.button").click()
    expect(phone.locator("h1")).to_have_text(said(lang, "Write a comment"))
    expect(phone.locator("img.captcha")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the comment form ({lang})")

    # The picture is hard to read: the question in words instead, a plain link.
    phone.get_by_role("link", name=said(lang, "Can't read the picture? Answer a question in words instead")).click()
    expect(phone.locator(".captcha-question")).to_be_visible()
    expect(phone.locator("img.captcha")).to_have_count(0)
    axe(phone, f"the comment form with the question in words ({lang})")

    # A mistake: no e-mail and a wrong answer. Both come back; nothing is stored.
    phone.locator("#id_author_name").fill("Алия")
    phone.locator("#id_text").fill(text)
    phone.locator("#id_captcha_1").fill("1000")
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("#error-summary")).to_be_visible()
    expect(phone.locator("#id_text")).to_have_value(text)
    expect(phone.locator(".captcha-question")).to_be_visible()
    no_sideways_scroll(phone)
    axe(phone, f"the comment form with errors ({lang})")
    assert not Comment.objects.filter(text=text).exists()

    phone.locator("#id_email").fill(email)
    phone.locator("#id_captcha_1").fill("PASSED")  # CAPTCHA_TEST_MODE (config/test_settings.py only)
    phone.locator("main form button[type=submit]").click()
    expect(phone.locator("h1")).to_have_text(said(lang, "Thank you for your comment"))
    axe(phone, f"the thank-you page ({lang})")
    comment = Comment.objects.get(text=text)
    assert comment.status == CommentStatus.PENDING

    # Not on the page until a moderator approves it.
    phone.goto(f"/{lang}/budget/projects/{project.slug}/")
    expect(phone.locator("#comments")).not_to_contain_text("Алия")

    desk = signed_in(new_context, "demo.moderator", lang)
    desk.goto(f"/{lang}/staff/comments/")
    card = desk.locator(f"#comment-{comment.pk}")
    expect(card).to_contain_text(text)
    expect(desk.locator("main")).not_to_contain_text(email)
    axe(desk, f"the moderation queue ({lang})")
    card.locator("button[value=approve]").click()
    expect(desk.locator(f"#comment-{comment.pk}")).to_have_count(0)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED

    phone.goto(f"/{lang}/budget/projects/{project.slug}/")
    shown = phone.locator(f"#comment-{comment.pk}")
    expect(shown).to_contain_text("Алия")
    expect(shown).to_contain_text(text)  # the markup shown as text, not run
    assert email not in phone.content()
    no_sideways_scroll(phone)
    axe(phone, f"the project page with the approved comment ({lang})")
