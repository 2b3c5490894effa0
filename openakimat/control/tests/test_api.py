"""The public API of the register: filters, pages, one instruction with its timeline, the errors,
and no personal data."""

import io
from datetime import timedelta

from openakimat.common import samples
from openakimat.control import services

from .conftest import SYSTEM, make_instruction, make_overdue

LIST = "/api/v1/instructions"


def test_the_list_with_filters_and_pages(client, instruction, akzhar_akimat, akzhar_education, aiyrtau_construction):
    school = make_instruction(SYSTEM, akzhar_akimat, akzhar_education, title="Paint the school")
    make_overdue(school)
    far = make_instruction(SYSTEM, aiyrtau_construction.akimat, aiyrtau_construction, title="Far away")
    body = client.get(LIST).json()
    assert [i["number"] for i in body["items"]] == [far.number, school.number, instruction.number]
    assert body["next_page"] is None and body["page"] == 1
    item = body["items"][1]
    assert item["overdue"] is True and item["status"] == "assigned"
    assert item["akimat"]["kato"] == "593400000" and item["department"]["id"] == akzhar_education.pk
    assert item["url"].endswith(f"/control/instructions/i/{school.number}/")
    assert [i["number"] for i in client.get(LIST, {"akimat": "593400000"}).json()["items"]] == [
        school.number,
        instruction.number,
    ]
    assert [i["number"] for i in client.get(LIST, {"status": "overdue"}).json()["items"]] == [school.number]
    assert [i["number"] for i in client.get(LIST, {"territory": "593430000"}).json()["items"]] == [instruction.number]
    assert [i["number"] for i in client.get(LIST, {"department": akzhar_education.pk}).json()["items"]] == [
        school.number
    ]
    first = client.get(LIST, {"page_size": 2}).json()
    assert len(first["items"]) == 2 and first["next_page"] == 2
    assert len(client.get(LIST, {"page_size": 2, "page": 2}).json()["items"]) == 1


def test_bad_parameters(client, db):
    assert client.get(LIST, {"status": "lost"}).status_code == 422
    assert client.get(LIST, {"page_size": 1000}).status_code == 422
    assert client.get(LIST, {"akimat": "111111111"}).status_code == 404
    assert client.get(LIST, {"territory": "111111111"}).status_code == 404
    assert client.get(f"{LIST}/NOPE").status_code == 404


def test_one_instruction_with_its_timeline_and_no_personal_data(client, instruction, specialist, akim):
    specialist.first_name, specialist.email = "Erlan", "erlan@akzhar.kz"
    specialist.save()
    services.instruction_report(
        actor=specialist, instruction=instruction, text="Poles set", files=[("poles.png", io.BytesIO(samples.PNG))]
    )
    services.instruction_extend(
        actor=akim, instruction=instruction, deadline=instruction.deadline + timedelta(days=3), reason="Frost"
    )
    response = client.get(f"{LIST}/{instruction.number}")
    assert response.status_code == 200
    body = response.json()
    assert [e["kind"] for e in body["events"]] == ["created", "report", "extended"]
    assert body["events"][1]["attachments"][0]["kind"] == "photo"
    assert body["events"][2]["old_deadline"] == instruction.deadline.isoformat()
    assert body["extension_count"] == 1 and body["source_url"] == "/places/593400000/"
    text = response.content.decode()
    for personal in ("Erlan", "erlan@akzhar.kz", specialist.username, akim.username, "responsible", "actor"):
        assert personal not in text, personal


def test_the_list_costs_a_fixed_number_of_queries(
    client, akzhar_akimat, akzhar_construction, django_assert_num_queries
):
    for n in range(30):
        make_instruction(SYSTEM, akzhar_akimat, akzhar_construction, title=f"Work {n}")
    with django_assert_num_queries(2):  # the akimat, the page
        assert len(client.get(LIST, {"akimat": "593400000"}).json()["items"]) == 25
