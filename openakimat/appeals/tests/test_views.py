import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from conftest import make_staff, verified_client
from openakimat.appeals import tracking
from openakimat.appeals.models import Appeal, Status
from openakimat.appeals.services import appeal_answer, appeal_extend, appeal_prepare_publication, appeal_publish

from .conftest import PDF, TEXT, submit

pytestmark = pytest.mark.django_db
LANGUAGES = ["kk", "ru", "en"]


def url(name, lang="en", **kwargs):
    with translation.override(lang):
        return reverse(name, kwargs=kwargs or None)


def form_data(akimat, **extra):
    data = {
        "akimat": str(akimat.pk),
        "topic": "housing",
        "text": TEXT,
        "name": "Ерлан Жақсыбеков",
        "phone": "8 701 765 4321",
        "email": "",
        "language": "ru",
        "consent": "on",
        "consent_to_publish": "on",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_write_track_and_list_pages_render_in_every_language(client, akzhar_akimat, lang):
    for name in ("appeals:write", "appeals:track", "appeals:list"):
        response = client.get(url(name, lang))
        assert response.status_code == 200, name
        assert f'lang="{lang}"' in response.content.decode()


def test_a_resident_writes_sees_the_code_once_and_tracks_the_appeal(client, akzhar_akimat):
    response = client.post(
        url("appeals:write"),
        {**form_data(akzhar_akimat), "attachments": [SimpleUploadedFile("photo.pdf", PDF, "application/pdf")]},
    )
    assert response.status_code == 302 and response["Location"] == url("appeals:receipt")
    appeal = Appeal.objects.get()
    assert appeal.attachments.count() == 1 and appeal.consent_to_publish
    receipt = client.get(url("appeals:receipt")).content.decode()
    code = re.search(r'class="tracking-code">([0-9A-Z-]+)<', receipt).group(1)
    assert appeal.number in receipt
    again = client.get(url("appeals:receipt")).content.decode()
    assert appeal.number in again and code not in again  # shown once

    # Typed carelessly: lower case, spaces, a Cyrillic А in the number.
    typed_number = appeal.number.replace("-", " ").lower().replace("a", "а")
    page = client.post(url("appeals:track"), {"number": typed_number, "code": code.lower().replace("-", " ")})
    assert page.status_code == 200
    assert appeal.number in page.content.decode()
    assert "Ерлан" not in page.content.decode()


def test_the_form_shows_errors_on_its_fields_and_keeps_nothing(client, akzhar_akimat):
    response = client.post(url("appeals:write"), form_data(akzhar_akimat, text="short", consent="", phone=""))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="id_text_error"' in html and 'id="id_consent_error"' in html
    assert not Appeal.objects.exists()
    response = client.post(url("appeals:write"), form_data(akzhar_akimat, phone="12"))
    assert response.status_code == 400 and 'id="id_phone_error"' in response.content.decode()
    assert not Appeal.objects.exists()


def test_a_wrong_code_is_not_found_and_repeated_guesses_are_stopped(client, settings, appeal):
    settings.TRACKING_FAILURES_PER_HOUR = 3
    for _ in range(3):
        response = client.post(url("appeals:track"), {"number": appeal.number, "code": "0000-0000-0000"})
        assert response.status_code == 404
    response = client.post(url("appeals:track"), {"number": appeal.number, "code": "0000-0000-0000"})
    assert response.status_code == 429


def test_tracking_shows_the_extension_and_the_answer(client, appeal_and_code, akim):
    appeal, code = appeal_and_code
    appeal = appeal_extend(actor=akim, appeal=appeal, reason="The regional roads office is asked.")
    html = client.post(url("appeals:track"), {"number": appeal.number, "code": code}).content.decode()
    assert 'id="extension-notice"' in html and "regional roads office" in html
    appeal_answer(actor=akim, appeal=appeal, text="The lights are repaired.")
    html = client.post(url("appeals:track"), {"number": appeal.number, "code": code}).content.decode()
    assert "The lights are repaired." in html


def publish(appeal, akim, question="When will the lights on the main street be repaired?"):
    appeal = appeal_answer(actor=akim, appeal=appeal, text="Private answer naming Айгерім.")
    appeal = appeal_prepare_publication(actor=akim, appeal=appeal, question=question, answer="By 1 December.")
    return appeal_publish(actor=akim, appeal=appeal)


def test_the_public_list_shows_only_published_anonymised_texts_and_searches_them(client, akzhar_akimat, akim):
    published = publish(submit(akzhar_akimat, publish=True)[0], akim)
    submit(akzhar_akimat, publish=True)  # not answered, never listed
    html = client.get(url("appeals:list")).content.decode()
    assert published.number in html
    assert "Айгерім" not in html and "Abai" not in html
    assert published.number in client.get(url("appeals:list"), {"q": "LIGHTS main"}).content.decode()
    assert published.number not in client.get(url("appeals:list"), {"q": "school"}).content.decode()
    detail = client.get(url("appeals:detail", number=published.number))
    assert detail.status_code == 200 and "By 1 December." in detail.content.decode()
    assert "Private answer" not in detail.content.decode()


def test_an_unpublished_appeal_has_no_public_page(client, appeal):
    assert client.get(url("appeals:detail", number=appeal.number)).status_code == 404


def test_the_public_list_costs_a_fixed_number_of_queries(
    client, akzhar_akimat, akim, django_assert_num_queries, settings
):
    settings.PAGE_CACHE_VIEWS = {}  # the page as made, not as kept (web/tests/test_pagecache.py)
    for i in range(6):
        publish(submit(akzhar_akimat, publish=True)[0], akim, question=f"Question number {i} about lights?")
    client.get(url("appeals:list"))  # warm the session and the content types
    with django_assert_num_queries(3):  # count, page, figures
        response = client.get(url("appeals:list"))
    assert response.content.decode().count('class="appeal-item"') == 6


# --- staff ---------------------------------------------------------------------------------------


def test_staff_pages_refuse_anonymous_and_other_akimats(client, appeal, aiyrtau_akimat):
    response = client.get(url("appeals-staff:detail", appeal_number=appeal.number))
    assert response.status_code == 302 and "/staff/login/" in response["Location"]
    stranger = verified_client(make_staff("aiyrtau.operator", "operator", aiyrtau_akimat))
    assert stranger.get(url("appeals-staff:detail", appeal_number=appeal.number)).status_code == 404


@pytest.mark.parametrize("lang", LANGUAGES)
def test_the_inbox_and_the_appeal_page_render_for_the_operator(operator, appeal, lang):
    staff = verified_client(operator)
    inbox = staff.get(url("appeals-staff:inbox", lang))
    assert inbox.status_code == 200 and appeal.number in inbox.content.decode()
    page = staff.get(url("appeals-staff:detail", lang, appeal_number=appeal.number))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="route-button"' in html and 'id="answer-button"' not in html


def test_the_inbox_highlights_overdue_appeals_and_costs_fixed_queries(
    operator, akzhar_akimat, django_assert_num_queries
):
    for _ in range(5):
        submit(akzhar_akimat)
    Appeal.objects.update(due_on="2026-01-05")
    staff = verified_client(operator)
    staff.get(url("appeals-staff:inbox"))
    with django_assert_num_queries(7):  # the signed-in session and menu, the count, the page
        html = staff.get(url("appeals-staff:inbox")).content.decode()
    assert html.count('class="row-overdue"') == 5


def test_staff_route_answer_and_publish_through_the_pages(operator, akim, appeal, akzhar_construction):
    desk = verified_client(operator)
    response = desk.post(
        url("appeals-staff:route", appeal_number=appeal.number),
        {"version": appeal.version, "department": akzhar_construction.pk, "instruction_title": "Repair the lights"},
    )
    assert response.status_code == 302
    appeal.refresh_from_db()
    assert appeal.status == Status.ROUTED
    office = verified_client(akim)
    bad = office.post(url("appeals-staff:answer", appeal_number=appeal.number), {"version": appeal.version, "text": ""})
    assert bad.status_code == 400
    stale = office.post(url("appeals-staff:answer", appeal_number=appeal.number), {"version": 1, "text": "Done."})
    assert stale.status_code == 409
    done = office.post(
        url("appeals-staff:answer", appeal_number=appeal.number), {"version": appeal.version, "text": "Done."}
    )
    assert done.status_code == 302
    appeal.refresh_from_db()
    office.post(
        url("appeals-staff:publication", appeal_number=appeal.number),
        {"version": appeal.version, "question": "About the lights?", "answer": "Repaired."},
    )
    appeal.refresh_from_db()
    office.post(url("appeals-staff:publish", appeal_number=appeal.number), {"version": appeal.version})
    appeal.refresh_from_db()
    assert appeal.published
    # The operator may not publish.
    assert (
        desk.post(url("appeals-staff:publish", appeal_number=appeal.number), {"version": appeal.version}).status_code
        == 403
    )


def test_an_attachment_is_served_to_staff_only(client, operator, akzhar_akimat):
    appeal, _code = submit(akzhar_akimat, files=[("scan.pdf", PDF)])
    file = appeal.attachments.get()
    address = url("appeals-staff:attachment", appeal_number=appeal.number, file_id=file.pk)
    assert client.get(address).status_code == 302
    response = verified_client(operator).get(address)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_normalising_reads_what_residents_type():
    assert tracking.normalise_number("akz a 2026 15") == "AKZ-A-2026-000015"
    assert tracking.normalise_number("АКZ-А-2026-000015") == "AKZ-A-2026-000015"
    assert tracking.normalise_code("abcd-efgh-jk0o") == "ABCDEFGHJK00"


def test_a_resident_may_name_a_village_of_the_akimat_and_no_other(client, akzhar_akimat, aiyrtau_akimat, talshik_okrug):
    from conftest import make_territory
    from openakimat.territory.models import TerritoryLevel

    talshik = make_territory("593430100", TerritoryLevel.VILLAGE, talshik_okrug, "Talshik", "Талшик", "Талшық")
    page = client.get(url("appeals:write")).content.decode()
    assert f'<option value="{talshik.pk}">Talshik</option>' in page
    wrong = client.post(url("appeals:write"), form_data(aiyrtau_akimat, territory=str(talshik.pk)))
    assert wrong.status_code == 400 and 'id="id_territory_error"' in wrong.content.decode()
    assert not Appeal.objects.exists()
    right = client.post(url("appeals:write"), form_data(akzhar_akimat, territory=str(talshik.pk)))
    assert right.status_code == 302
    assert Appeal.objects.get().territory == talshik
