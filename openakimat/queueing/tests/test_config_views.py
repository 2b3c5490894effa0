"""The hall's configuration by its administrators: the rules, categories, desks with their week
of hours, priority groups; each change a service, checked, audited, its errors on the form (400);
and the "Set up the queue" button of an akimat without a hall."""

import pytest
from django.utils import translation

from openakimat.integrity.models import AuditEntry
from openakimat.queueing import services
from openakimat.queueing.models import Category, Desk, DeskHours, Hall
from openakimat.queueing.tests.conftest import NOW


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


def url(hall, tail=""):
    return f"/en/staff/queue/{hall.pk}/configure/{tail}"


RULES = {
    "hall-is_open": "on",
    "hall-recalls_before_no_show": "3",
    "hall-bookings_per_ten_days": "2",
    "hall-booking_days_ahead": "14",
    "hall-checkin_early_minutes": "30",
    "hall-checkin_late_minutes": "10",
    "hall-notify_position": "3",
}


def test_an_administrator_changes_the_rules_and_sees_errors_on_the_form(staff_client, hall, akzhar_admin):
    client = staff_client(akzhar_admin)
    assert client.get(url(hall)).status_code == 200
    response = client.post(url(hall, "rules/"), RULES)
    assert response.status_code == 302
    hall.refresh_from_db()
    assert hall.recalls_before_no_show == 3
    assert AuditEntry.objects.filter(action="queueing.hall_configure").exists()
    response = client.post(url(hall, "rules/"), RULES | {"hall-recalls_before_no_show": "11"})
    assert response.status_code == 400 and "less than or equal to 10" in response.content.decode()


def test_categories_added_and_changed_a_letter_taken_twice_is_refused(
    staff_client, hall, akzhar_admin, cat_a, offerings
):
    client = staff_client(akzhar_admin)
    data = {
        "cat-name_kk": "Жер",
        "cat-name_ru": "Земля",
        "cat-name_en": "Land",
        "cat-letter": "l",
        "cat-average_minutes": "20",
        "cat-bookable": "on",
        "cat-is_active": "on",
        "cat-order": "5",
        "cat-offerings": [offerings[0].pk],
    }
    assert client.post(url(hall, "categories/"), data).status_code == 302
    land = Category.objects.get(hall=hall, letter="L")
    assert list(land.offerings.all()) == [offerings[0]] and land.average_minutes == 20
    response = client.post(url(hall, "categories/"), data)
    assert response.status_code == 400
    assert "Another category of this hall already uses this letter." in response.content.decode()
    prefix = f"cat{cat_a.pk}"
    change = {k.replace("cat-", f"{prefix}-"): v for k, v in data.items()} | {f"{prefix}-letter": "A"}
    assert client.post(url(hall, f"categories/{cat_a.pk}/"), change).status_code == 302
    cat_a.refresh_from_db()
    assert cat_a.name_en == "Land" and cat_a.average_minutes == 20


def test_desks_added_removed_and_their_hours_set(staff_client, hall, akzhar_admin, cat_a, cat_b, desk1):
    client = staff_client(akzhar_admin)
    data = {"desk-number": "7", "desk-categories": [cat_a.pk], "desk-is_active": "on"}
    assert client.post(url(hall, "desks/"), data).status_code == 302
    seven = Desk.objects.get(hall=hall, number=7)
    response = client.post(url(hall, "desks/"), data)
    assert response.status_code == 400 and "already has a desk with this number" in response.content.decode()

    hours = {"day-TOTAL_FORMS": "7", "day-INITIAL_FORMS": "7", "day-MIN_NUM_FORMS": "7", "day-MAX_NUM_FORMS": "7"}
    for day in range(5):
        hours |= {f"day-{day}-open": "on", f"day-{day}-opens": "09:00", f"day-{day}-closes": "18:00"}
    hours |= {"day-2-break_starts": "13:00", "day-2-break_ends": "14:00"}
    assert client.get(url(hall, f"desks/{seven.pk}/hours/")).status_code == 200
    assert client.post(url(hall, f"desks/{seven.pk}/hours/"), hours).status_code == 302
    assert sorted(DeskHours.objects.filter(desk=seven).values_list("weekday", flat=True)) == [0, 1, 2, 3, 4]
    bad = hours | {"day-2-break_starts": "19:00", "day-2-break_ends": "20:00"}
    response = client.post(url(hall, f"desks/{seven.pk}/hours/"), bad)
    assert response.status_code == 400 and "inside the opening hours" in response.content.decode()
    assert DeskHours.objects.filter(desk=seven).count() == 5

    assert client.post(url(hall, f"desks/{seven.pk}/remove/")).status_code == 302
    assert not Desk.objects.filter(pk=seven.pk).exists()
    # A desk that served stays (made inactive instead).
    ticket = services.ticket_issue(category=cat_a, now=NOW).ticket
    Desk.objects.filter(pk=desk1.pk).update(operator=None)
    ticket.desk = desk1
    ticket.save()
    response = client.post(url(hall, f"desks/{desk1.pk}/remove/"))
    assert response.status_code == 409 and "make it inactive instead" in response.content.decode()


def test_priority_groups_and_who_may_configure(staff_client, hall, akzhar_admin, operator, aiyrtau_head):
    group = hall.priority_groups.get(code="elderly")
    client = staff_client(akzhar_admin)
    prefix = f"group{group.pk}"
    data = {f"{prefix}-weight_minutes": "20", f"{prefix}-at_kiosk": "on", f"{prefix}-is_active": "on"}
    assert client.post(url(hall, f"priorities/{group.pk}/"), data).status_code == 302
    group.refresh_from_db()
    assert group.weight_minutes == 20
    assert staff_client(operator).get(url(hall)).status_code == 403
    assert staff_client(operator).post(url(hall, f"priorities/{group.pk}/"), data).status_code == 403
    assert staff_client(aiyrtau_head).get(url(hall)).status_code == 404


def test_an_administrator_sets_up_the_queue_of_an_akimat_without_one(staff_client, akzhar_admin, offerings, operator):
    client = staff_client(akzhar_admin)
    html = client.get("/en/staff/queue/").content.decode()
    assert "Set up the queue" in html
    assert "Set up the queue" not in staff_client(operator).get("/en/staff/queue/").content.decode()
    akimat = offerings[0].department.akimat
    assert staff_client(operator).post("/en/staff/queue/setup/", {"akimat": akimat.pk}).status_code == 403
    response = client.post("/en/staff/queue/setup/", {"akimat": akimat.pk})
    hall = Hall.objects.get(akimat=akimat)
    assert response.status_code == 302 and response["Location"] == url(hall)
    assert hall.categories.count() == 2
