"""Residents' comments: the form with its CAPTCHA and limits, what the pages show (and never
show), residents' reports, and the moderators' decisions."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.test import Client

from conftest import make_staff
from openakimat.budget.models import Project
from openakimat.common.roles import Role
from openakimat.feedback.models import Comment, CommentStatus, ModerationDecision
from openakimat.feedback.services import comments as services
from openakimat.integrity.models import AuditEntry

EMAIL = "aliya.secret@example.kz"


@pytest.fixture
def project(talshik_okrug, akzhar_akimat):
    return Project.objects.create(
        slug="school-roof",
        territory=talshik_okrug,
        name_kk="Мектеп шатыры",
        name_ru="Крыша школы",
        name_en="School roof",
    )


@pytest.fixture
def moderator(akzhar_akimat):
    return make_staff("saule.moderator", Role.MODERATOR, akzhar_akimat)


def post(project, client=None, lang="en", **data):
    client = client or Client()
    payload = {
        "author_name": "Алия",
        "email": EMAIL,
        "text": "Крышу надо доделать до зимы 👍",
        "captcha_mode": "image",
        "captcha_0": "key",
        "captcha_1": "PASSED",
    } | data
    return client.post(f"/{lang}/comments/budget.project/{project.pk}/", payload)


def publish(comment, actor):
    return services.comment_moderate(actor=actor, comment_id=comment.pk, action="approve", version=comment.version)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_form_shows_with_a_captcha_picture_and_a_question_instead(project, lang):
    page = Client().get(f"/{lang}/comments/budget.project/{project.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<img src="/captcha/image/' in html and 'alt="captcha"' not in html
    assert "?captcha=text" in html
    text = Client().get(f"/{lang}/comments/budget.project/{project.pk}/?captcha=text").content.decode()
    assert "captcha-question" in text and "/captcha/image/" not in text


def test_the_captcha_image_answers_outside_the_language_prefix(project):
    html = Client().get(f"/en/comments/budget.project/{project.pk}/").content.decode()
    src = html.split('<img src="', 1)[1].split('"', 1)[0]
    image = Client().get(src)
    assert image.status_code == 200 and image["Content-Type"] == "image/png"


def test_a_comment_without_a_valid_captcha_is_refused_and_nothing_stored(project, settings):
    assert post(project, captcha_1="").status_code == 400
    assert post(project, captcha_1="wrong", captcha_0="nokey").status_code == 400
    assert Comment.objects.count() == 0


def test_the_text_question_is_checked_against_its_answer(project, settings, monkeypatch):
    from captcha.conf import settings as captcha_settings
    from captcha.models import CaptchaStore

    monkeypatch.setattr(captcha_settings, "CAPTCHA_TEST_MODE", False)
    key = CaptchaStore.generate_key(lambda: ("3+4", "7"))
    assert post(project, captcha_mode="text", captcha_0=key, captcha_1="8").status_code == 400
    key = CaptchaStore.generate_key(lambda: ("3+4", "7"))
    assert post(project, captcha_mode="text", captcha_0=key, captcha_1="7").status_code == 200
    assert Comment.objects.count() == 1


def test_name_email_and_text_are_required_and_limited(project):
    response = post(project, author_name="", email="not-an-address", text="x" * 2001)
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="error-summary"' in html
    assert Comment.objects.count() == 0


def test_pre_moderation_holds_a_comment_until_a_moderator_approves(project, moderator, settings):
    settings.COMMENTS_PREMODERATION = True
    assert post(project).status_code == 200
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING and comment.email == EMAIL
    assert "Крышу надо" not in Client().get(f"/en/budget/projects/{project.slug}/").content.decode()
    publish(comment, moderator)
    cache.clear()
    page = Client().get(f"/en/budget/projects/{project.slug}/").content.decode()
    assert "Крышу надо доделать до зимы 👍" in page and "Алия" in page


def test_without_pre_moderation_a_comment_shows_at_once(project, settings):
    settings.COMMENTS_PREMODERATION = False
    post(project)
    assert Comment.objects.get().status == CommentStatus.PUBLISHED
    assert "Крышу надо" in Client().get(f"/ru/budget/projects/{project.slug}/").content.decode()


XSS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(2)">',
    '<a href="javascript:alert(3)">click</a>',
    "\u202egnp.exe\u202c ok",
    "zero\u200bwidth \u2066isolate\u2069 <b>bold</b>",
]


def test_markup_and_unicode_tricks_render_inert(project, settings):
    settings.COMMENTS_PREMODERATION = False
    for i, payload in enumerate(XSS):
        cache.clear()
        assert post(project, text=payload, author_name=f"<i>n{i}</i>").status_code == 200, payload
    page = Client().get(f"/en/budget/projects/{project.slug}/").content.decode()
    block = page.split('id="comments"', 1)[1]
    for dangerous in (
        "<script>alert",
        "<img src=x",
        'href="javascript:',
        "<b>bold",
        "<i>n",
        "\u202e",
        "\u200b",
        "\u2066",
    ):
        assert dangerous not in block, dangerous
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in block
    assert "&lt;img src=x onerror=" in block


def test_the_email_is_never_on_the_public_page_nor_in_the_database_in_clear(project, settings):
    from django.db import connection

    settings.COMMENTS_PREMODERATION = False
    post(project)
    assert EMAIL not in Client().get(f"/kk/budget/projects/{project.slug}/").content.decode()
    with connection.cursor() as cursor:
        cursor.execute("SELECT email, email_hash FROM feedback_comment")
        stored, hashed = cursor.fetchone()
    assert EMAIL not in stored and EMAIL not in hashed


def test_too_many_comments_from_one_client_get_a_translated_429(project, settings):
    settings.COMMENTS_PER_HOUR = 2
    client = Client()
    assert post(project, client).status_code == 200
    assert post(project, client, email="b@example.kz").status_code == 200
    response = post(project, client, lang="kk", email="c@example.kz")
    assert response.status_code == 429 and response["Retry-After"]
    assert "Күте тұрыңыз" in response.content.decode() and "Ештеңе сақталмады" in response.content.decode()
    assert Comment.objects.count() == 2


def _reporter(n):
    return Client(REMOTE_ADDR=f"10.0.0.{n}")


def test_three_reports_from_different_clients_hide_a_comment(project, moderator, settings):
    settings.COMMENTS_PREMODERATION = False
    post(project)
    comment = Comment.objects.get()
    url = f"/en/comments/report/{comment.pk}/"
    assert _reporter(1).get(url).status_code == 200
    for _ in range(3):  # the same client counts once
        assert _reporter(1).post(url).status_code == 200
    _reporter(2).post(url)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.reports == 2
    _reporter(3).post(url)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.HIDDEN and comment.flagged
    assert ModerationDecision.objects.get(comment=comment).action == "auto_hide"
    assert _reporter(4).get(url).status_code == 404  # no longer public
    cache.clear()
    assert "Крышу надо" not in Client().get(f"/en/budget/projects/{project.slug}/").content.decode()
    # A moderator looks and restores it.
    services.comment_moderate(actor=moderator, comment_id=comment.pk, action="restore", version=comment.version)
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED and comment.reports == 0 and not comment.flagged


def test_every_decision_is_logged_and_audited(project, moderator, settings):
    post(project)
    comment = Comment.objects.get()
    with pytest.raises(ValidationError):  # a rejection needs a reason
        services.comment_moderate(actor=moderator, comment_id=comment.pk, action="reject", version=1)
    services.comment_moderate(actor=moderator, comment_id=comment.pk, action="reject", reason="Spam", version=1)
    decision = ModerationDecision.objects.get()
    assert (decision.actor, decision.action, decision.reason, decision.to_status) == (
        moderator,
        "reject",
        "Spam",
        "rejected",
    )
    entry = AuditEntry.objects.get(action="comment.reject")
    assert entry.akimat_id == comment.akimat_id and EMAIL not in str(entry.data)


def test_the_queue_is_for_the_moderators_of_the_owning_akimat(
    project, moderator, aiyrtau_akimat, staff_client, operator
):
    post(project)
    comment = Comment.objects.get()
    other = make_staff("other.moderator", Role.MODERATOR, aiyrtau_akimat)
    assert staff_client(operator).get("/en/staff/comments/").status_code == 403
    other_client = staff_client(other)
    assert "Крышу надо" not in other_client.get("/en/staff/comments/").content.decode()
    assert (
        other_client.post(f"/en/staff/comments/{comment.pk}/decide/", {"action": "approve", "version": 1}).status_code
        == 404
    )
    client = staff_client(moderator)
    page = client.get("/en/staff/comments/")
    assert page.status_code == 200 and "Крышу надо" in page.content.decode() and EMAIL not in page.content.decode()
    response = client.post(f"/en/staff/comments/{comment.pk}/decide/", {"action": "hide", "version": 1, "reason": "x"})
    assert response.status_code == 409  # a pending comment is approved or rejected, not hidden
    response = client.post(
        f"/en/staff/comments/{comment.pk}/decide/", {"action": "approve", "version": 1, "queue": "pending"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.PUBLISHED
    again = client.post(f"/en/staff/comments/{comment.pk}/decide/", {"action": "approve", "version": 1})
    assert again.status_code == 409


def test_the_moderators_get_the_menu_entry(moderator, akzhar_admin, operator):
    from openakimat.accounts import staffnav

    assert "comments.queue" in [link.key for link in staffnav.links_for(moderator)]
    assert "comments.queue" in [link.key for link in staffnav.links_for(akzhar_admin)]
    assert "comments.queue" not in [link.key for link in staffnav.links_for(operator)]


def test_a_page_nobody_may_comment_on_is_a_404(project):
    assert Client().get("/en/comments/budget.nothing/1/").status_code == 404
    assert Client().get(f"/en/comments/budget.project/{project.pk + 100}/").status_code == 404


TOPICS = {
    "budget.project": ("budget/project.html", "budget.models", "Project"),
    "meetings.meeting": ("meetings/detail.html", "meetings.models", "Meeting"),
    "control.instruction": ("control/detail.html", "control.models", "Instruction"),
    "problems.report": ("problems/report_detail.html", "problems.models", "Report"),
    "news.item": ("news/detail.html", "news.models", "Item"),
}


@pytest.mark.parametrize("topic", TOPICS)
def test_each_commented_page_asks_for_its_extras_and_gets_the_comments_block(topic, db):
    from importlib import import_module

    from django.template.loader import get_template

    from openakimat.common import extras

    template, module, name = TOPICS[topic]
    source = get_template(template).template.source
    assert "{% page_extras " + f'"{topic}"' in source
    obj = getattr(import_module(f"openakimat.{module}"), name)(pk=7)
    html = extras.collect(topic, None, obj)
    assert 'id="comments"' in html and f"/comments/{topic}/7/" in html


def test_the_api_gives_the_published_comments_without_the_email(project, moderator, settings):
    post(project)
    post(project, client=Client(REMOTE_ADDR="10.9.9.9"), text="Still waiting")
    publish(Comment.objects.order_by("pk").first(), moderator)
    response = Client().get(f"/api/v1/comments?on=budget.project&id={project.pk}")
    assert response.status_code == 200
    body = response.json()
    assert [c["text"] for c in body] == ["Крышу надо доделать до зимы 👍"] and body[0]["name"] == "Алия"
    assert EMAIL not in response.content.decode() and "email" not in body[0]
    assert Client().get("/api/v1/comments?on=accounts.user&id=1").status_code == 422


def test_a_form_with_errors_says_there_is_a_problem_and_offers_a_new_challenge(project):
    first = Client().get(f"/en/comments/budget.project/{project.pk}/").content.decode()
    response = post(project, email="", captcha_1="wrong", captcha_0="nokey")
    html = response.content.decode()
    assert "There is a problem" in html
    key = html.split('name="captcha_0" value="', 1)[1].split('"', 1)[0]
    assert key != "nokey" and key not in first
