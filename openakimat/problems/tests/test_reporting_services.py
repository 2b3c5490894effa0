"""The resident's services: report (with photos, anonymously where allowed), confirm the fix or
reopen within 30 days, follow a report and hear of each change."""

import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from PIL import Image

from openakimat.common.errors import ConflictError
from openakimat.common.photos import clean_photo
from openakimat.control import services as control
from openakimat.control.models import Status as InstructionStatus
from openakimat.notifications.models import Notification
from openakimat.problems.models import Report, ReportPhoto, Status, Subscription
from openakimat.problems.nearby import nearby_open
from openakimat.problems.notifications import CHANGED, CONFIRM, REGISTERED
from openakimat.problems.services import following, reporting
from openakimat.problems.services.reporting import NewReport, report_create

from .conftest import POINT
from .photo_files import jpeg_with_gps, plain_jpeg


def _new(category, **overrides) -> NewReport:
    fields = {
        "category": category,
        "description": "Deep pothole by the school",
        "lat": POINT[0],
        "lon": POINT[1],
        "name": "Aigerim",
        "phone": "+77011234567",
        "language": "ru",
    }
    return NewReport(**{**fields, **overrides})


def _nothing_written() -> None:
    assert Report.objects.count() == 0
    assert Subscription.objects.count() == 0
    assert ReportPhoto.objects.count() == 0
    assert Notification.objects.count() == 0


@pytest.mark.django_db
def test_a_report_with_a_photo_takes_the_photos_place_and_subscribes_the_reporter(roads):
    photo = clean_photo(io.BytesIO(jpeg_with_gps()), "IMG_1.jpg")
    created = report_create(_new(roads, lat=None, lon=None, photos=(photo,)))
    report = created.report
    assert (report.lat, report.lon) == (Decimal("54.208333"), Decimal("69.100000"))
    stored = report.photos.get()
    with stored.file.open("rb") as f:
        data = f.read()
    assert b"CameraModel-XYZ" not in data and not Image.open(io.BytesIO(data)).getexif()
    subscription = report.subscriptions.get()
    assert subscription.is_reporter and subscription.confirmed_at is not None
    assert subscription.phone == "+77011234567" and subscription.language == "ru"
    message = Notification.objects.get(kind=REGISTERED)
    assert message.target_id == subscription.pk
    assert f"/ru/problems/{report.pk}/mine/#{created.token}" in message.text
    assert reporting.reporter_report(report.pk, created.token) == report
    assert reporting.reporter_report(report.pk, created.token + "x") is None


@pytest.mark.django_db
def test_bad_input_is_refused_with_messages_and_nothing_is_written(roads):
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        report_create(_new(roads, description="  ", lat=None, lon=None, name="", phone=""))
    errors = exc.value.message_dict
    assert set(errors) >= {"description", "lat", "name", "phone"}
    assert errors["description"] == ["Опишите проблему."]
    _nothing_written()


@pytest.mark.django_db
def test_more_than_three_photos_are_refused(roads):
    photos = tuple(clean_photo(io.BytesIO(plain_jpeg()), f"{n}.jpg") for n in range(4))
    with pytest.raises(ValidationError) as exc:
        report_create(_new(roads, photos=photos))
    assert "photos" in exc.value.message_dict
    _nothing_written()


@pytest.mark.django_db
def test_anonymous_only_where_the_category_allows_it(roads, lighting):
    with pytest.raises(ValidationError) as exc:
        report_create(_new(roads, anonymous=True, name="", phone=""))
    assert "anonymous" in exc.value.message_dict
    _nothing_written()
    report = report_create(_new(lighting, anonymous=True)).report
    report.refresh_from_db()
    assert (report.reporter_name, report.reporter_phone, report.reporter_email) == ("", "", "")
    assert not report.subscriptions.exists() and not Notification.objects.exists()


def _fixed(report, akim, head):
    instruction = control.instruction_create(
        actor=akim,
        source=report,
        akimat=report.akimat,
        department=report.category.department,
        title="Patch it",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    control.instruction_start(actor=head, instruction=instruction)
    control.instruction_complete(actor=head, instruction=instruction, result="Patched")
    report.refresh_from_db()
    assert report.status == Status.FIXED
    return instruction


@pytest.mark.django_db
def test_the_reporter_confirms_the_fix(roads, akim, akzhar_head):
    created = report_create(_new(roads))
    _fixed(created.report, akim, akzhar_head)
    with pytest.raises(ValidationError):
        reporting.report_confirm_fixed(pk=created.report.pk, token="wrong")
    report = reporting.report_confirm_fixed(pk=created.report.pk, token=created.token)
    assert report.status == Status.CLOSED
    assert [u.status for u in report.updates.all()][-2:] == ["fixed", "closed"]
    with pytest.raises(ConflictError):  # once closed, nothing more to answer
        reporting.report_confirm_fixed(pk=report.pk, token=created.token)


@pytest.mark.django_db
def test_reopening_puts_the_instruction_back_into_work(roads, akim, akzhar_head):
    created = report_create(_new(roads))
    instruction = _fixed(created.report, akim, akzhar_head)
    with pytest.raises(ValidationError):
        reporting.report_reopen(pk=created.report.pk, token=created.token, reason=" ")
    report = reporting.report_reopen(pk=created.report.pk, token=created.token, reason="Still a hole")
    instruction.refresh_from_db()
    assert instruction.status == InstructionStatus.IN_PROGRESS
    assert report.status == Status.IN_PROGRESS


@pytest.mark.django_db
def test_reopening_without_an_instruction_opens_the_report_again(roads):
    created = report_create(_new(roads))
    Report.objects.filter(pk=created.report.pk).update(status=Status.FIXED, fixed_at=timezone.now())
    report = reporting.report_reopen(pk=created.report.pk, token=created.token, reason="The hole is back")
    assert report.status == Status.OPEN and report.fixed_at is None
    assert report.updates.last().text == "The hole is back"


@pytest.mark.django_db
def test_the_reopen_window_is_30_days(roads, akim, akzhar_head):
    created = report_create(_new(roads))
    _fixed(created.report, akim, akzhar_head)
    Report.objects.filter(pk=created.report.pk).update(fixed_at=timezone.now() - timedelta(days=31))
    with translation.override("en"), pytest.raises(ConflictError) as exc:
        reporting.report_reopen(pk=created.report.pk, token=created.token, reason="Still")
    assert "30 days" in str(exc.value)
    with pytest.raises(ConflictError):
        reporting.report_confirm_fixed(pk=created.report.pk, token=created.token)
    Report.objects.filter(pk=created.report.pk).update(fixed_at=timezone.now() - timedelta(days=29))
    assert reporting.report_reopen(pk=created.report.pk, token=created.token, reason="Still").status == "in_progress"


def _confirm_token(subscription) -> str:
    text = Notification.objects.get(kind=CONFIRM, target_id=subscription.pk).text
    return text.split("/#", 1)[1].split()[0]


@pytest.mark.django_db
def test_followers_confirm_and_then_hear_of_every_change(roads, akim, akzhar_head):
    report = report_create(_new(roads)).report
    follower = following.subscription_request(report=report, email="Neighbour@Example.kz", language="en")
    assert follower.confirmed_at is None and follower.email == "neighbour@example.kz"
    instruction = control.instruction_create(
        actor=akim,
        source=report,
        akimat=report.akimat,
        department=roads.department,
        title="Patch",
        deadline=timezone.localdate() + timedelta(days=5),
    )
    control.instruction_start(actor=akzhar_head, instruction=instruction)
    changed = Notification.objects.filter(kind=CHANGED)
    # Not confirmed yet: only the reporter hears.
    assert [n.target_id for n in changed] == [report.subscriptions.get(is_reporter=True).pk]
    following.subscription_confirm(token=_confirm_token(follower))
    control.instruction_complete(actor=akzhar_head, instruction=instruction, result="Patched on Monday")
    done = Notification.objects.filter(kind=CHANGED).order_by("pk")[1:]
    assert sorted(n.target_id for n in done) == sorted(s.pk for s in report.subscriptions.all())
    to_follower = next(n for n in done if n.target_id == follower.pk)
    assert to_follower.medium == "email" and "Patched on Monday" in to_follower.text and "Fixed" in to_follower.text
    assert "/en/problems/unsubscribe/#" in to_follower.text


@pytest.mark.django_db
def test_asking_twice_and_unsubscribing(roads):
    report = report_create(_new(roads)).report
    first = following.subscription_request(report=report, phone="8 701 765 4321")
    again = following.subscription_request(report=report, phone="+7 701 765 4321")
    assert not Subscription.objects.filter(pk=first.pk).exists()  # the earlier pending one replaced
    following.subscription_confirm(token=_confirm_token(again))
    assert following.subscription_request(report=report, phone="87017654321").pk == again.pk
    with pytest.raises(ValidationError):
        following.subscription_cancel(token="made-up")
    assert following.subscription_cancel(token=following.unsubscribe_token(again)) == report
    assert not Subscription.objects.filter(pk=again.pk).exists()
    assert following.subscription_cancel(token=following.unsubscribe_token(again)) is None


@pytest.mark.django_db
def test_following_refuses_bad_contacts_and_closed_reports(roads):
    report = report_create(_new(roads)).report
    with translation.override("ru"), pytest.raises(ValidationError) as exc:
        following.subscription_request(report=report, phone="123")
    assert "phone" in exc.value.message_dict
    with pytest.raises(ValidationError):
        following.subscription_request(report=report)
    Report.objects.filter(pk=report.pk).update(status=Status.CLOSED)
    with pytest.raises(ValidationError):
        following.subscription_request(report=report, email="a@example.kz")
    assert report.subscriptions.count() == 1  # the reporter's only


@pytest.mark.django_db
def test_an_old_confirmation_link_has_expired(roads):
    report = report_create(_new(roads)).report
    pending = following.subscription_request(report=report, email="late@example.kz")
    token = _confirm_token(pending)
    Subscription.objects.filter(pk=pending.pk).update(created_at=timezone.now() - timedelta(days=3))
    with pytest.raises(ValidationError) as exc:
        following.subscription_confirm(token=token)
    assert exc.value.code == "expired"
    assert not Subscription.objects.filter(pk=pending.pk).exists()


@pytest.mark.django_db
def test_nearby_open_reports(roads, lighting, akzhar):
    near = report_create(_new(roads)).report
    # ~110 m north; ~330 m north; same place other category; same place but closed.
    close = report_create(_new(roads, lat=POINT[0] + Decimal("0.001"))).report
    report_create(_new(roads, lat=POINT[0] + Decimal("0.003")))
    report_create(_new(lighting))
    closed = report_create(_new(roads)).report
    Report.objects.filter(pk=closed.pk).update(status=Status.CLOSED)
    found = nearby_open(roads, POINT[0], POINT[1], None)
    assert {r.pk for r in found} == {near.pk, close.pk}
    assert found[0].pk == near.pk
    in_village = report_create(_new(roads, lat=None, lon=None, territory=akzhar)).report
    assert [r.pk for r in nearby_open(roads, None, None, akzhar)] == [in_village.pk]


@pytest.mark.django_db
def test_unconfirmed_requests_are_swept_after_two_days(roads):
    report = report_create(_new(roads)).report
    old = following.subscription_request(report=report, email="old@example.kz")
    fresh = following.subscription_request(report=report, email="fresh@example.kz")
    Subscription.objects.filter(pk=old.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert following.subscription_sweep_pending() == 1
    assert set(report.subscriptions.values_list("pk", flat=True)) == {
        fresh.pk,
        report.subscriptions.get(is_reporter=True).pk,
    }


@pytest.mark.django_db
def test_the_hourly_sweep_forgets_requests_to_follow_nobody_confirmed(roads):
    from openakimat.problems.tasks import forget_unconfirmed_contacts

    report = report_create(_new(roads)).report
    stale = following.subscription_request(report=report, phone="8 701 765 4321")
    fresh = following.subscription_request(report=report, email="follower@example.kz")
    Subscription.objects.filter(pk=stale.pk).update(created_at=timezone.now() - timedelta(days=3))
    assert forget_unconfirmed_contacts()["follow"] == 1
    assert not Subscription.objects.filter(pk=stale.pk).exists()
    assert Subscription.objects.filter(pk=fresh.pk).exists()
