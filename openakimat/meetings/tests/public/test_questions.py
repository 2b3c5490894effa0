"""A resident's question to a public hearing: sent without script, thanked, moderated, then shown
with its answer — and the author's name and contact never on a public page, in a URL or a log;
bad input comes back on its field with a translated message and a 400, saving nothing; a closed
hearing, a meeting that is not a hearing and too many questions from one address are refused."""

import logging
from datetime import timedelta

import pytest
from django.utils import timezone, translation

from openakimat.integrity.models import AuditEntry
from openakimat.meetings import services
from openakimat.meetings.models import Question, QuestionStatus

from .conftest import AUTHOR, CONTACT, EMAIL, SYSTEM, at

pytestmark = pytest.mark.django_db
TEXT = "Будут ли в парке освещённые дорожки и скамейки?"


def ask(client, meeting, lang="en", **fields):
    form = {"text": TEXT, "author_name": AUTHOR, "author_contact": CONTACT, "consent": "on", **fields}
    return client.post(f"/{lang}/meetings/{meeting.pk}/questions/", form)


def test_a_question_is_sent_thanked_moderated_and_shown_with_its_answer(client, hearing, caplog):
    page = client.get(f"/en/meetings/{hearing.pk}/").content.decode()
    assert 'name="author_contact"' in page and f'action="/en/meetings/{hearing.pk}/questions/"' in page
    with caplog.at_level(logging.DEBUG):
        answer = ask(client, hearing)
    assert answer.status_code == 302 and answer["Location"] == f"/en/meetings/{hearing.pk}/questions/sent/"
    thanks = client.get(answer["Location"])
    assert thanks.status_code == 200
    assert "A moderator reads it first" in thanks.content.decode()
    question = Question.objects.get()
    assert question.status == QuestionStatus.PENDING and question.author_contact == "+77011234567"
    assert question.language == "en"
    assert TEXT not in client.get(f"/en/meetings/{hearing.pk}/").content.decode()  # not before moderation

    services.question_moderate(actor=SYSTEM, question=question, publish=True)
    services.question_answer(actor=SYSTEM, question=question, answer_ru="Да, в проекте 40 фонарей.")
    for lang in ("kk", "ru", "en"):
        body = client.get(f"/{lang}/meetings/{hearing.pk}/").content.decode()
        assert TEXT in body and "Да, в проекте 40 фонарей." in body
        for secret in (AUTHOR, "Сәтбаева", "701 123", "7011234567"):
            assert secret not in body
        assert AUTHOR not in client.get(f"/{lang}/meetings/").content.decode()
    for secret in (AUTHOR, "7011234567", "701 123 4567"):
        assert secret not in caplog.text
        assert secret not in answer["Location"]
        for entry in AuditEntry.objects.all():
            assert secret not in str(entry.data)


def test_an_email_is_taken_as_the_contact(client, hearing):
    assert ask(client, hearing, author_contact=EMAIL).status_code == 302
    assert Question.objects.get().author_contact == EMAIL


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        ({"text": ""}, "text", "This field is required."),
        ({"author_name": "  "}, "author_name", "This field is required."),
        ({"author_contact": "12345"}, "author_contact", "Give a Kazakhstan phone number or an e-mail address."),
        ({"author_contact": "someone@"}, "author_contact", "Give a Kazakhstan phone number or an e-mail address."),
        ({"consent": ""}, "consent", "This field is required."),
        ({"text": "x" * 2001}, "text", None),
    ],
)
@pytest.mark.parametrize("lang", ["kk", "ru"])
def test_bad_input_comes_back_translated_on_its_field_and_saves_nothing(client, hearing, lang, fields, field, message):
    answer = ask(client, hearing, lang, **fields)
    assert answer.status_code == 400
    body = answer.content.decode()
    assert f'href="#id_{field}"' in body
    if message:
        with translation.override(lang):
            translated = translation.gettext(message)
        assert translated != message and translated in body
    assert not Question.objects.exists()
    assert AUTHOR in body or fields.get("author_name") == "  "  # what was typed is kept for the resident


def test_a_closed_hearing_takes_no_question(client, hearing):
    with at(hearing.questions_open_until + timedelta(seconds=1)):
        page = client.get(f"/ru/meetings/{hearing.pk}/").content.decode()
        assert 'name="author_name"' not in page and 'id="questions-closed"' in page
        answer = ask(client, hearing, "ru")
    assert answer.status_code == 409
    with translation.override("ru"):
        assert translation.gettext("This hearing takes no questions now.") in answer.content.decode()
    assert not Question.objects.exists()


def test_a_meeting_that_is_not_a_hearing_or_is_cancelled_or_a_draft_takes_no_question(client, meeting, hearing, draft):
    assert 'name="author_name"' not in client.get(f"/en/meetings/{meeting.pk}/").content.decode()
    assert ask(client, meeting).status_code == 409
    assert ask(client, draft).status_code == 404
    services.meeting_cancel(actor=SYSTEM, meeting=hearing, reason="Перенесено.")
    assert ask(client, hearing).status_code == 409
    assert not Question.objects.exists()


def test_too_many_questions_from_one_address_are_a_429(client, hearing, settings):
    settings.MEETING_QUESTIONS_PER_HOUR = 2
    assert ask(client, hearing).status_code == 302
    assert ask(client, hearing, text="Второй вопрос.").status_code == 302
    answer = ask(client, hearing, "kk", text="Третий вопрос.")
    assert answer.status_code == 429 and int(answer["Retry-After"]) > 0
    assert Question.objects.count() == 2


def test_the_hearing_page_with_the_form_is_never_kept_by_the_page_cache(client, hearing):
    """The form carries a CSRF token: the page is made for each reader."""
    client.get(f"/en/meetings/{hearing.pk}/")
    assert client.get(f"/en/meetings/{hearing.pk}/").get("X-Page-Cache") != "hit"
    assert timezone.now() < hearing.questions_open_until
