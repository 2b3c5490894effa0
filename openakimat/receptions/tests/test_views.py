"""The residents' pages and the staff's: each language, the sign-up journey without script, errors
on their fields with a 4xx, nothing personal on public pages, staff pages by role and scope, and
the number of queries of each list."""

import re
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from conftest import make_staff, verified_client
from openakimat.common.roles import Role
from openakimat.control.models import Instruction
from openakimat.receptions import services
from openakimat.receptions.models import RaisedProblem, SignUp, SignUpStatus

from .conftest import PHONES, SYSTEM, confirmed, last_code, plan

pytestmark = pytest.mark.django_db
NAME = "Айгерім Сәтбаева"


def url(name: str, lang: str = "kk", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_schedule_and_the_reception_page_render_in_each_language(client, reception, lang):
    page = client.get(url("receptions:schedule", lang))
    assert page.status_code == 200
    assert reception.host_name_en.split()[0] in page.content.decode() or lang != "en"
    detail = client.get(url("receptions:detail", lang, pk=reception.pk))
    assert detail.status_code == 200
    assert 'name="phone"' in detail.content.decode()


def test_a_resident_signs_up_confirms_and_cancels_without_script(client, reception, talshik):
    form = {"name": NAME, "phone": "8 701 123 4567", "village": talshik.pk, "problem": "Жарық жоқ.", "consent": "on"}
    answer = client.post(url("receptions:signup", pk=reception.pk), form)
    assert answer.status_code == 302
    assert "7011234567" not in answer["Location"] and NAME not in answer["Location"]
    signup = SignUp.objects.get()
    page = client.get(answer["Location"])
    assert page.status_code == 200 and NAME not in page.content.decode()
    wrong = client.post(answer["Location"], {"action": "confirm", "code": "12"})
    assert wrong.status_code == 400
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.PENDING and signup.code_attempts == 1
    done = client.post(answer["Location"], {"action": "confirm", "code": last_code(signup)})
    assert done.status_code == 200
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CONFIRMED
    cancelled = client.post(answer["Location"], {"action": "cancel"})
    assert cancelled.status_code == 200
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.CANCELLED


def test_a_bad_sign_up_shows_the_errors_with_a_400_and_writes_nothing(client, reception, talshik):
    answer = client.post(url("receptions:signup", pk=reception.pk), {"name": "", "phone": "1", "village": talshik.pk})
    assert answer.status_code == 400
    body = answer.content.decode()
    assert 'href="#id_name"' in body and 'href="#id_consent"' in body
    answer = client.post(
        url("receptions:signup", pk=reception.pk),
        {"name": "A", "phone": "12345", "village": talshik.pk, "problem": "p", "consent": "on"},
    )
    assert answer.status_code == 400 and 'href="#id_phone"' in answer.content.decode()
    assert not SignUp.objects.exists()


def test_an_unknown_token_or_reception_is_a_404(client, reception):
    assert client.get(url("receptions:mine", token="NOPE" * 6)).status_code == 404
    assert client.get(url("receptions:detail", pk=reception.pk + 100)).status_code == 404


def test_too_many_sign_ups_from_one_address_are_a_429(client, reception, talshik, settings):
    settings.RECEPTION_SIGNUPS_PER_HOUR = 1
    for i, phone in enumerate(PHONES[:2]):
        form = {"name": "A", "phone": phone, "village": talshik.pk, "problem": "p", "consent": "on"}
        answer = client.post(url("receptions:signup", pk=reception.pk), form)
        assert answer.status_code == (302 if i == 0 else 429)
    assert SignUp.objects.count() == 1


def test_the_public_page_after_the_reception_shows_problems_and_no_personal_data(
    client, operator, reception, talshik, akzhar_construction
):
    signup, _ = confirmed(reception, talshik)
    services.signup_mark(actor=operator, signup=signup, move="attend")
    services.problem_record(
        actor=operator,
        reception=reception,
        signup=signup,
        text="Street lighting is missing.",
        topic="improvement",
        department=akzhar_construction,
        village=talshik,
        deadline=timezone.localdate() + timedelta(days=20),
    )
    services.reception_close(actor=operator, reception=reception)
    body = client.get(url("receptions:detail", "en", pk=reception.pk)).content.decode()
    assert "Street lighting is missing." in body
    assert re.search(r'id="residents-heard">1<', body)
    assert Instruction.objects.get().number in body
    for secret in (NAME, "7011234567", "701 123", "Жарық жоқ", signup.problem):
        assert secret not in body
    assert 'name="phone"' not in body  # no sign-up after the reception


def test_the_schedule_filters_by_akimat_and_kind_and_refuses_nonsense(client, reception):
    assert client.get(url("receptions:schedule"), {"kind": "online"}).content.decode().count("receptions/") >= 1
    assert client.get(url("receptions:schedule"), {"kind": "party"}).status_code == 400
    assert client.get(url("receptions:schedule"), {"akimat": "000000000"}).status_code == 400
    page = client.get(url("receptions:schedule"), {"akimat": reception.akimat.territory.kato})
    assert page.status_code == 200 and url("receptions:detail", pk=reception.pk) in page.content.decode()


def test_query_counts_of_the_public_pages_do_not_grow_with_rows(
    client, reception, akzhar_akimat, talshik, operator, akzhar_construction, django_assert_num_queries
):
    for i in range(4):
        services.reception_plan(
            actor=SYSTEM, akimat=akzhar_akimat, plan=plan(starts_at=timezone.now() + timedelta(days=2 + i))
        )
    for phone in PHONES[:3]:
        confirmed(reception, talshik, phone)
    for i in range(3):
        services.problem_record(
            actor=operator,
            reception=reception,
            text=f"Problem {i}",
            topic=["roads", "utilities", "roads"][i],
            department=akzhar_construction,
            village=talshik,
            deadline=timezone.localdate() + timedelta(days=20),
        )
    services.reception_close(actor=operator, reception=reception)
    # session-less pages: the akimats of the filter, the receptions, the ones held
    with django_assert_num_queries(3):
        assert client.get(url("receptions:schedule")).status_code == 200
    # the reception with its seats, residents heard, problems, their instructions, the content type
    with django_assert_num_queries(4):
        assert client.get(url("receptions:detail", pk=reception.pk)).status_code == 200


# --- staff ------------------------------------------------------------------------------------


def test_staff_pages_need_a_signed_in_staff_member(client, reception):
    answer = client.get(url("receptions-staff:detail", reception=reception.pk))
    assert answer.status_code == 302 and "/staff/login/" in answer["Location"]


def test_the_operator_sees_names_and_phones_a_head_does_not(operator, akzhar_head, reception, talshik):
    confirmed(reception, talshik)
    page = verified_client(operator).get(url("receptions-staff:detail", reception=reception.pk))
    assert page.status_code == 200 and NAME in page.content.decode() and "+77011234567" in page.content.decode()
    assert verified_client(akzhar_head).get(url("receptions-staff:detail", reception=reception.pk)).status_code in (
        403,
        404,
    )


def test_staff_of_another_district_do_not_find_the_reception(aiyrtau_akimat, reception):
    other = make_staff("aiyrtau.operator", Role.OPERATOR, aiyrtau_akimat)
    assert verified_client(other).get(url("receptions-staff:detail", reception=reception.pk)).status_code == 404


def test_the_akim_plans_from_the_page_and_errors_come_back_on_fields(akim, akzhar_akimat, talshik):
    client = verified_client(akim)
    assert client.get(url("receptions-staff:new")).status_code == 200
    data = {
        "akimat": akzhar_akimat.pk,
        "kind": "online",
        "host_name_kk": "Әкім",
        "host_name_ru": "Аким",
        "host_name_en": "Akim",
        "host_position_kk": "әкім",
        "host_position_ru": "аким",
        "host_position_en": "akim",
        "starts_at": (timezone.localtime() + timedelta(days=3)).strftime("%Y-%m-%dT%H:%M"),
        "slot_minutes": 10,
        "capacity": 5,
        "online_url": "",
    }
    bad = client.post(url("receptions-staff:new"), data)
    assert bad.status_code == 400 and 'href="#id_online_url"' in bad.content.decode()
    good = client.post(url("receptions-staff:new"), {**data, "online_url": "https://meet.example.kz/akim"})
    assert good.status_code == 302


def test_the_operator_marks_attendance_and_records_a_problem_from_the_page(
    operator, reception, talshik, akzhar_construction
):
    signup, _ = confirmed(reception, talshik)
    client = verified_client(operator)
    marked = client.post(url("receptions-staff:mark", reception=reception.pk), {"signup": signup.pk, "move": "attend"})
    assert marked.status_code == 302
    signup.refresh_from_db()
    assert signup.status == SignUpStatus.ATTENDED
    bad = client.post(url("receptions-staff:problem", reception=reception.pk), {"text": "", "topic": "roads"})
    assert bad.status_code == 400 and not RaisedProblem.objects.exists()
    deadline = (timezone.localdate() + timedelta(days=10)).isoformat()
    problem = {
        "text": "The road to the school is broken.",
        "topic": "roads",
        "village": talshik.pk,
        "signup": signup.pk,
        "department": akzhar_construction.pk,
        "deadline": deadline,
    }
    done = client.post(url("receptions-staff:problem", reception=reception.pk), problem)
    assert done.status_code == 302
    assert Instruction.objects.get().source_kind == "receptions.problem"
    past = client.post(url("receptions-staff:problem", reception=reception.pk), {**problem, "deadline": "2020-01-01"})
    assert past.status_code == 400 and RaisedProblem.objects.count() == 1


def test_an_observer_reads_the_sign_ups_but_may_not_mark(region_observer, reception, talshik):
    signup, _ = confirmed(reception, talshik)
    client = verified_client(region_observer)
    assert client.get(url("receptions-staff:detail", reception=reception.pk)).status_code == 200
    answer = client.post(url("receptions-staff:mark", reception=reception.pk), {"signup": signup.pk, "move": "attend"})
    assert answer.status_code == 403


def test_query_count_of_the_staff_list_does_not_grow_with_rows(
    operator, akzhar_akimat, reception, django_assert_num_queries
):
    client = verified_client(operator)
    client.get(url("receptions-staff:list"))
    for i in range(5):
        services.reception_plan(
            actor=SYSTEM, akimat=akzhar_akimat, plan=plan(starts_at=timezone.now() + timedelta(days=2 + i))
        )
    # session, user, second factor, grants, then the two lists
    with django_assert_num_queries(7):
        assert client.get(url("receptions-staff:list")).status_code == 200


def test_the_public_pages_work_for_anyone(reception):
    assert Client().get(url("receptions:detail", "ru", pk=reception.pk)).status_code == 200
