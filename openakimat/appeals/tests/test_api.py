import pytest

from openakimat.appeals.services import appeal_answer, appeal_prepare_publication, appeal_publish

from .conftest import submit

pytestmark = pytest.mark.django_db


def published(akimat, akim, question="Why is the bus to Kazanskoye late?"):
    appeal = appeal_answer(actor=akim, appeal=submit(akimat, publish=True)[0], text="Answer naming Айгерім Сәтбаева.")
    appeal = appeal_prepare_publication(actor=akim, appeal=appeal, question=question, answer="A new timetable.")
    return appeal_publish(actor=akim, appeal=appeal)


def test_the_api_lists_only_published_appeals_without_personal_data(client, akzhar_akimat, akim):
    appeal = published(akzhar_akimat, akim)
    submit(akzhar_akimat, publish=True)
    response = client.get("/api/v1/appeals")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["number"] == appeal.number and item["question"].startswith("Why is the bus")
    assert set(item) == {
        "number",
        "topic",
        "topic_label",
        "akimat_kato",
        "akimat",
        "question",
        "answer",
        "answered_on",
        "answered_in_term",
        "published_at",
    }
    text = response.content.decode()
    assert "Сәтбаева" not in text and "701" not in text and "example.kz" not in text


def test_the_api_searches_and_reads_one(client, akzhar_akimat, akim):
    appeal = published(akzhar_akimat, akim)
    assert client.get("/api/v1/appeals", {"q": "timetable"}).json()["count"] == 1
    assert client.get("/api/v1/appeals", {"q": "kindergarten"}).json()["count"] == 0
    assert client.get(f"/api/v1/appeals/{appeal.number}").json()["answer"] == "A new timetable."


def test_an_unpublished_appeal_is_not_found(client, appeal):
    assert client.get(f"/api/v1/appeals/{appeal.number}").status_code == 404


def test_a_wrong_topic_is_a_422(client, db):
    assert client.get("/api/v1/appeals", {"topic": "weather"}).status_code == 422


def test_the_figures_count_answers_within_the_term(client, akzhar_akimat, akim):
    published(akzhar_akimat, akim)
    body = client.get("/api/v1/appeals/figures").json()
    assert body["answered"] == 1 and body["answered_in_term"] == 1 and body["in_term_percent"] == 100
    assert body["median_working_days"] is not None


def test_the_api_list_costs_a_fixed_number_of_queries(client, akzhar_akimat, akim, django_assert_num_queries):
    for i in range(5):
        published(akzhar_akimat, akim, question=f"Question {i}?")
    with django_assert_num_queries(2):
        assert len(client.get("/api/v1/appeals").json()["items"]) == 5
