"""The resident's pages in kk, ru and en: the form, the "is it one of these?" step, the thank-you
page, the public page (no personal data, a fixed number of queries), the private link's actions and
following a report."""

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from openakimat.control import services as control
from openakimat.notifications.models import Notification
from openakimat.problems.models import Report, Status, Subscription
from openakimat.problems.notifications import CONFIRM
from openakimat.problems.services.reporting import NewReport, report_create

from .conftest import POINT
from .photo_files import jpeg_with_gps

LANGUAGES = ["kk", "ru", "en"]


def _url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(f"problems:{name}", kwargs=kwargs or None)


def _form(roads, **overrides):
    data = {
        "category": str(roads.pk),
        "lat": str(POINT[0]),
        "lon": str(POINT[1]),
        "description": "A deep pothole by the school gate",
        "name": "Aigerim Sadykova",
        "phone": "8 701 123 4567",
        "email": "",
    }
    return {**data, **overrides}


def _report(category, **overrides):
    fields = {
        "category": category,
        "description": "Pothole",
        "lat": POINT[0],
        "lon": POINT[1],
        "name": "Aigerim Sadykova",
        "phone": "+77011234567",
        "email": "aigerim@example.kz",
        "address": "Abai street by the school",
    }
    return report_create(NewReport(**{**fields, **overrides}))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_renders_in_each_language(client, roads, lighting, akzhar, language):
    response = client.get(_url("report-new", language, kato=akzhar.kato))
    assert response.status_code == 200
    html = response.content.decode()
    assert {"kk": roads.name_kk, "ru": roads.name_ru, "en": roads.name_en}[language] in html
    assert {"kk": "Шұңқырлар", "ru": "Ямы, бордюры", "en": "Potholes, broken kerbs"}[language] in html
    with translation.override(language):
        village = translation.gettext("District")
    assert (
        f"{akzhar.name_en if language == 'en' else akzhar.name_ru if language == 'ru' else akzhar.name_kk} ({village})"
        in html
    )
    assert 'name="anonymous"' in html  # street lighting takes anonymous reports
    assert "report-map.js" in html and 'type="file"' in html and 'name="territory"' in html
    assert client.get(_url("report-start", language)).status_code == 200


@pytest.mark.django_db
def test_an_akimat_without_categories_has_no_form(client, akzhar):
    assert client.get(_url("report-new", kato=akzhar.kato)).status_code == 404


@pytest.mark.django_db
def test_a_mistake_comes_back_with_messages_and_nothing_is_written(client, roads, akzhar):
    response = client.post(_url("report-new", "ru", kato=akzhar.kato), _form(roads, description="", phone="12"))
    assert response.status_code == 400
    html = response.content.decode()
    assert "Опишите проблему." in html and 'aria-invalid="true"' in html
    assert 'href="#id_description"' in html
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_a_report_without_javascript_by_village_with_a_photo(client, roads, akzhar):
    photo = SimpleUploadedFile("pothole.jpg", jpeg_with_gps(), content_type="image/jpeg")
    data = _form(roads, lat="", lon="", territory=str(akzhar.pk), photo_1=photo)
    response = client.post(_url("report-new", kato=akzhar.kato), data)
    report = Report.objects.get()
    assert response.status_code == 302 and response["Location"] == _url("thanks", pk=report.pk)
    assert report.territory == akzhar and report.photos.count() == 1
    assert str(report.lat) == "54.208333"  # the photo's place
    assert report.reporter_phone == "+77011234567" and report.language == "en"
    thanks = client.get(response["Location"]).content.decode()
    match = re.search(r'id="private-link"[^>]*>([^<]+)<', thanks)
    assert match and f"/en/problems/{report.pk}/mine/#" in match.group(1)
    # The token is in the fragment only: a GET of the page never carries it.
    token = match.group(1).split("#", 1)[1]
    assert token not in response["Location"]


@pytest.mark.django_db
def test_similar_reports_nearby_are_offered_first(client, roads, akzhar):
    existing = _report(roads).report
    url = _url("report-new", kato=akzhar.kato)
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(url, _form(roads, photo_1=photo))
    assert response.status_code == 200
    html = response.content.decode()
    assert _url("follow", pk=existing.pk) in html and 'name="step" value="submit"' in html
    assert Report.objects.count() == 1
    carried = dict(re.findall(r'<input type="hidden" name="([a-z_]+)" value="([^"]*)"', html))
    assert carried["description"] == "A deep pothole by the school gate" and carried["draft"]
    response = client.post(url, {**carried, "step": "submit"})
    assert response.status_code == 302
    mine = Report.objects.exclude(pk=existing.pk).get()
    assert mine.description == "A deep pothole by the school gate" and mine.photos.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_public_page_shows_no_personal_data(client, roads, akim, language):
    report = _report(roads).report
    control.instruction_create(
        actor=akim,
        source=report,
        akimat=report.akimat,
        department=roads.department,
        title="Patch",
        deadline=timezone.localdate() + timedelta(days=7),
    )
    response = client.get(_url("report", language, pk=report.pk))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Abai street by the school" in html and f"{report.akimat.number_prefix}-P" in html
    for personal in ("Aigerim", "Sadykova", "7011234567", "701 123", "aigerim@example.kz"):
        assert personal not in html


@pytest.mark.django_db
def test_the_public_page_takes_a_fixed_number_of_queries(client, roads, django_assert_num_queries, settings):
    settings.PAGE_CACHE_VIEWS = {}  # the page as made, not as kept (web/tests/test_pagecache.py)
    report = _report(roads).report
    for _ in range(5):
        report.updates.create(at=timezone.now(), status=Status.IN_PROGRESS, text="step")
    client.get(_url("report", pk=report.pk))  # warm the session and content-type caches
    # The report with its category, territory and akimat; its photos; its updates; its instruction;
    # the residents' comments on it (feedback, through common.extras).
    with django_assert_num_queries(5):
        assert client.get(_url("report", pk=report.pk)).status_code == 200


@pytest.mark.django_db
def test_the_private_link_confirms_the_fix(client, roads, akim, akzhar_head):
    created = _report(roads)
    report = created.report
    page = client.get(_url("mine", pk=report.pk))
    assert page.status_code == 200 and "secret-link.js" in page.content.decode()
    wrong = client.post(_url("mine", pk=report.pk), {"token": "not-the-token"})
    assert wrong.status_code == 404
    instruction = control.instruction_create(
        actor=akim,
        source=report,
        akimat=report.akimat,
        department=roads.department,
        title="Patch",
        deadline=timezone.localdate() + timedelta(days=7),
    )
    control.instruction_start(actor=akzhar_head, instruction=instruction)
    control.instruction_complete(actor=akzhar_head, instruction=instruction, result="Patched")
    seen = client.post(_url("mine", pk=report.pk), {"token": created.token})
    assert seen.status_code == 200 and 'value="confirm"' in seen.content.decode()
    empty = client.post(_url("mine", pk=report.pk), {"token": created.token, "action": "reopen", "reason": ""})
    assert empty.status_code == 400
    done = client.post(_url("mine", pk=report.pk), {"token": created.token, "action": "confirm"})
    assert done.status_code == 200
    report.refresh_from_db()
    assert report.status == Status.CLOSED
    again = client.post(_url("mine", pk=report.pk), {"token": created.token, "action": "confirm"})
    assert again.status_code == 409


@pytest.mark.django_db
def test_the_reporter_stops_the_messages(client, roads):
    created = _report(roads)
    response = client.post(_url("mine", pk=created.report.pk), {"token": created.token, "action": "unsubscribe"})
    assert response.status_code == 200
    assert not Subscription.objects.filter(report=created.report).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_following_a_report_through_the_pages(client, roads, language):
    report = _report(roads).report
    assert client.get(_url("follow", language, pk=report.pk)).status_code == 200
    bad = client.post(_url("follow", language, pk=report.pk), {"email": "", "phone": ""})
    assert bad.status_code == 400
    sent = client.post(_url("follow", language, pk=report.pk), {"email": "n@example.kz"})
    assert sent.status_code == 200
    pending = Subscription.objects.get(report=report, is_reporter=False)
    text = Notification.objects.get(kind=CONFIRM, target_id=pending.pk).text
    link = text.split(" http", 1)[1].split()[0]
    assert f"/{language}/problems/follow/confirm/#" in link
    token = link.split("#", 1)[1]
    assert client.get(_url("follow-confirm", language)).status_code == 200
    assert client.post(_url("follow-confirm", language), {"token": "x" * 20}).status_code == 400
    assert client.post(_url("follow-confirm", language), {"token": token}).status_code == 200
    pending.refresh_from_db()
    assert pending.confirmed_at is not None


@pytest.mark.django_db
def test_a_photo_is_kept_when_the_form_comes_back_with_a_mistake(client, roads, akzhar):
    url = _url("report-new", kato=akzhar.kato)
    photo = SimpleUploadedFile("p.jpg", jpeg_with_gps(), content_type="image/jpeg")
    response = client.post(url, _form(roads, description="", photo_1=photo))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'id="kept-photos"' in html
    draft = re.search(r'name="draft" value="([^"]+)"', html).group(1)
    done = client.post(url, _form(roads, draft=draft))
    assert done.status_code == 302
    assert Report.objects.get().photos.count() == 1


@pytest.mark.django_db
def test_a_text_file_as_a_photo_is_refused_on_its_field(client, roads, akzhar):
    fake = SimpleUploadedFile("p.jpg", b"not a picture at all" * 20, content_type="image/jpeg")
    response = client.post(_url("report-new", "ru", kato=akzhar.kato), _form(roads, photo_1=fake))
    assert response.status_code == 400
    assert 'id="id_photo_1_error"' in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("lat", ["NaN", "Infinity", "1e400", "north", "-0x10"])
def test_a_point_that_is_not_a_number_is_a_message_not_an_error(client, roads, akzhar, lat):
    response = client.post(_url("report-new", kato=akzhar.kato), _form(roads, lat=lat))
    assert response.status_code == 400
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_the_form_takes_a_fixed_number_of_queries(client, roads, lighting, akzhar, django_assert_num_queries):
    url = _url("report-new", kato=akzhar.kato)
    client.get(url)
    # The akimat; whether it has categories; the categories; the villages of the select; the same
    # villages as the map's labelled points.
    with django_assert_num_queries(5):
        assert client.get(url).status_code == 200


def test_the_form_map_labels_the_villages_not_the_okrugs(client, roads, akzhar, talshik_okrug):
    from conftest import make_territory
    from openakimat.territory.models import Territory, TerritoryLevel

    Territory.objects.filter(pk=talshik_okrug.pk).update(centre_lat=54.1, centre_lon=69.5)
    village = make_territory(
        "593461100", TerritoryLevel.VILLAGE, talshik_okrug, "Talshik", "Талшик", "Талшық", 54.09, 69.51
    )
    html = client.get(_url("report-new", kato=akzhar.kato)).content.decode()
    places = html.split('id="report-map-places"', 1)[1].split("</script>", 1)[0]
    assert village.name_en in places and talshik_okrug.name_en not in places


@pytest.mark.django_db
def test_the_similar_reports_step_takes_a_fixed_number_of_queries(client, roads, akzhar, django_assert_num_queries):
    for _ in range(4):
        _report(roads, territory=akzhar)
    url = _url("report-new", kato=akzhar.kato)
    client.get(url)
    # The akimat, whether it has categories, its categories, the chosen one, the nearby reports with
    # their villages (four of them: one query, not one each).
    with django_assert_num_queries(5):
        response = client.post(url, _form(roads))
    html = response.content.decode()
    assert response.status_code == 200 and html.count('name="step" value="submit"') == 1
    assert html.count("<p>Pothole</p>") == 4


@pytest.mark.django_db
def test_sends_past_the_limit_are_refused_before_anything_is_read(client, roads, akzhar, settings):
    settings.SUBMISSION_RATE_PER_HOUR = 2
    url = _url("report-new", kato=akzhar.kato)
    assert client.post(url, _form(roads, description="")).status_code == 400
    assert client.post(url, _form(roads)).status_code == 302
    refused = client.post(url, _form(roads, idempotency_key=""))
    assert refused.status_code == 429 and refused["Retry-After"]
    assert Report.objects.count() == 1


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_reporter_says_it_is_not_fixed_in_each_language(client, roads, language):
    created = _report(roads)
    Report.objects.filter(pk=created.report.pk).update(status=Status.FIXED, fixed_at=timezone.now())
    url = _url("mine", language, pk=created.report.pk)
    assert client.get(url).status_code == 200
    shown = client.post(url, {"token": created.token})
    assert shown.status_code == 200 and 'value="reopen"' in shown.content.decode()
    response = client.post(url, {"token": created.token, "action": "reopen", "reason": "Still a hole"})
    assert response.status_code == 200
    created.report.refresh_from_db()
    assert created.report.status == Status.OPEN
    assert 'value="reopen"' not in response.content.decode()


@pytest.mark.django_db
def test_an_anonymous_report_through_the_form(client, lighting, akzhar):
    data = _form(lighting, name="", phone="", anonymous="on")
    response = client.post(_url("report-new", "kk", kato=akzhar.kato), data)
    assert response.status_code == 302
    report = Report.objects.get()
    assert (report.reporter_name, report.reporter_phone) == ("", "")
    assert not Subscription.objects.exists()
    thanks = client.get(response["Location"])
    assert thanks.status_code == 200 and 'id="private-link"' in thanks.content.decode()


@pytest.mark.django_db
def test_anonymous_is_refused_where_the_category_does_not_allow_it(client, roads, lighting, akzhar):
    data = _form(roads, name="", phone="", anonymous="on")
    response = client.post(_url("report-new", "ru", kato=akzhar.kato), data)
    assert response.status_code == 400
    assert "Для сообщений в этой категории нужны имя и контакт." in response.content.decode()
    assert not Report.objects.exists()


@pytest.mark.django_db
def test_unsubscribing_through_the_page(client, roads):
    from openakimat.problems.services import following

    report = _report(roads).report
    pending = following.subscription_request(report=report, email="n@example.kz")
    url = _url("unsubscribe", "ru")
    page = client.get(url)
    assert page.status_code == 200 and "data-from-link" in page.content.decode()
    assert client.post(url, {"token": "forged:token"}).status_code == 400
    assert client.post(url, {"token": following.unsubscribe_token(pending)}).status_code == 200
    assert not Subscription.objects.filter(pk=pending.pk).exists()
