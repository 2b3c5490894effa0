"""Whole public pages from the shared cache: kept per address, language and display settings,
answered without touching the database, revalidated with 304s, made stale by any write to the data
behind them (bulk and raw writes included), and never kept or served for staff, signed-in users,
pages with a CSRF form, tracking or anything personal."""

from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from openakimat.catalogue.models import PublicService
from openakimat.catalogue.services import public_service_create
from openakimat.common.actor import SystemActor
from openakimat.territory.models import Akimat
from openakimat.web import pagecache

AKZHAR = "/en/akimats/593400000/"
REGISTER = "/en/services/"


def fetch(client, url, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    return response, len(queries)


@pytest.fixture
def birth(db):
    return public_service_create(
        actor=SystemActor("tests"),
        code="ZAGS-01",
        department_kind="civil_registry",
        name_en="State registration of birth",
        name_ru="Государственная регистрация рождения ребенка",
        name_kk="Баланың тууын мемлекеттік тіркеу",
        term_value=1,
        term_unit="working_days",
        fee=Decimal(0),
        documents=[],
    )


def test_a_public_page_is_made_once_then_served_without_the_database(client, akzhar_akimat):
    first, first_queries = fetch(client, AKZHAR)
    assert first.status_code == 200 and first[pagecache.HEADER] == "miss"
    assert first_queries > 0

    second, second_queries = fetch(client, AKZHAR)
    assert second[pagecache.HEADER] == "hit"
    assert second_queries == 0
    assert second.content == first.content
    assert second["ETag"] == first["ETag"]
    assert "Cookie" in second["Vary"]
    assert second["Cache-Control"] == "max-age=0, must-revalidate"
    assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
    assert not [name for name in second.cookies if name != "django_language"]


def test_a_current_copy_is_answered_with_304(client, akzhar_akimat):
    first = client.get(AKZHAR)
    not_modified = client.get(AKZHAR, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["ETag"] == first["ETag"]
    since = client.get(AKZHAR, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert client.get(AKZHAR, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_copies_are_kept_apart_by_language_and_display_settings(client, akzhar_akimat):
    client.get(AKZHAR)
    russian = client.get("/ru/akimats/593400000/")
    assert russian[pagecache.HEADER] == "miss" and '<html lang="ru"' in russian.content.decode()

    reader = Client()
    reader.cookies["display"] = "3.wb.off"
    large = reader.get(AKZHAR)
    assert large[pagecache.HEADER] == "miss"
    assert 'class="text-3 scheme-wb no-images"' in large.content.decode()
    assert reader.get(AKZHAR)[pagecache.HEADER] == "hit"
    # The old switch means the same settings as its new spelling: one copy for both.
    old = Client()
    old.cookies["lowvision"] = "1"
    assert 'class="text-3 scheme-bw"' in old.get(AKZHAR).content.decode()
    new = Client()
    new.cookies["display"] = "3.bw.on"
    assert new.get(AKZHAR)[pagecache.HEADER] == "hit"
    # A junk cookie reads as the default and shares the default copy.
    junk = Client()
    junk.cookies["display"] = "<script>"
    assert junk.get(AKZHAR)[pagecache.HEADER] == "hit"


def test_a_page_from_the_cache_still_remembers_the_language(client, akzhar_akimat):
    client.get("/ru/akimats/593400000/")
    other = Client()
    response = other.get("/ru/akimats/593400000/")
    assert response[pagecache.HEADER] == "hit"
    assert response.cookies["django_language"].value == "ru"


def test_a_signed_in_staff_member_never_gets_a_page_from_the_cache(staff_client, akim, akzhar_akimat):
    anonymous = Client()
    anonymous.get(AKZHAR)
    assert anonymous.get(AKZHAR)[pagecache.HEADER] == "hit"

    staff = staff_client(akim)
    response, queries = fetch(staff, AKZHAR)
    assert pagecache.HEADER not in response and queries > 0
    home, _ = fetch(staff, "/en/staff/")
    assert home.status_code == 200 and pagecache.HEADER not in home
    assert pagecache.HEADER not in staff.get("/en/staff/")


def test_a_session_or_messages_cookie_bypasses_the_cache(client, akzhar_akimat):
    client.get(AKZHAR)
    for name in ("sessionid", "messages"):
        other = Client()
        other.cookies[name] = "anything"
        response, queries = fetch(other, AKZHAR)
        assert pagecache.HEADER not in response and queries > 0, name


def test_a_page_with_a_csrf_form_is_never_kept(client, db):
    first = client.get("/en/track/")
    assert first.status_code == 200 and "csrfmiddlewaretoken" in first.content.decode()
    assert pagecache.HEADER not in first
    second = Client().get("/en/track/")
    assert pagecache.HEADER not in second
    assert second.content != first.content  # each reader's own token


def test_a_csrf_token_keeps_even_a_listed_page_out_of_the_cache(client, db, settings):
    settings.PAGE_CACHE_VIEWS = {**settings.PAGE_CACHE_VIEWS, "frontoffice:track": 600}
    first = client.get("/en/track/")
    assert "csrfmiddlewaretoken" in first.content.decode()
    assert pagecache.HEADER not in first
    assert pagecache.HEADER not in Client().get("/en/track/")


def test_posts_errors_and_unlisted_pages_are_not_kept(client, db):
    assert pagecache.HEADER not in client.get("/en/akimats/000000000/")  # 404
    assert pagecache.HEADER not in client.get("/en/akimats/000000000/")
    assert pagecache.HEADER not in client.get("/api/v1/openapi.json")


def test_saving_through_a_service_makes_the_register_fresh(client, birth):
    assert "State registration of birth" in client.get(REGISTER).content.decode()
    assert client.get(REGISTER)[pagecache.HEADER] == "hit"
    with transaction.atomic():
        PublicService.objects.filter(pk=birth.pk).update(name_en="Registration of a newborn")
    response = client.get(REGISTER)
    assert response[pagecache.HEADER] == "miss"
    assert "Registration of a newborn" in response.content.decode()


def test_a_service_edited_in_the_admin_shows_on_the_register(staff_client, superuser, birth, client):
    assert "State registration of birth" in client.get(REGISTER).content.decode()
    assert client.get(REGISTER)[pagecache.HEADER] == "hit"

    admin = staff_client(superuser)
    url = f"/admin/catalogue/publicservice/{birth.pk}/change/"
    page = admin.get(url)
    form = page.context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k in form.fields}
    data = {k: v for k, v in data.items() if v is not False}
    data["name_en"] = "Birth registration (edited)"
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update({formset.management_form.add_prefix(k): v for k, v in formset.management_form.initial.items()})
        data[formset.management_form.add_prefix("TOTAL_FORMS")] = formset.initial_form_count()
    response = admin.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""

    fresh = client.get(REGISTER)
    assert fresh[pagecache.HEADER] == "miss"
    assert "Birth registration (edited)" in fresh.content.decode()


def test_a_bulk_write_in_raw_sql_makes_pages_stale(client, akzhar_akimat):
    client.get(AKZHAR)
    with connection.cursor() as cursor:
        cursor.execute(
            'UPDATE "territory_akimat" SET "hours_en" = %s WHERE "id" = %s', ["Open around the clock", akzhar_akimat.pk]
        )
    response = client.get(AKZHAR)
    assert response[pagecache.HEADER] == "miss"
    assert "Open around the clock" in response.content.decode()


def test_reads_and_writes_elsewhere_leave_the_generation_alone(client, akzhar_akimat, resident):
    client.get(AKZHAR)
    generation = cache.get(pagecache.GENERATION_KEY)
    resident.first_name = "Aigerim"
    resident.save()
    list(Akimat.objects.all())
    assert cache.get(pagecache.GENERATION_KEY) == generation
    assert client.get(AKZHAR)[pagecache.HEADER] == "hit"


@pytest.mark.parametrize(
    "sql, writes",
    [
        ('SELECT * FROM "territory_akimat"', False),
        ('WITH RECURSIVE up AS (SELECT 1) SELECT * FROM "territory_territory"', False),
        ('INSERT INTO "budget_budgetline" ("budget_id") VALUES (1)', True),
        ('DELETE FROM "catalogue_requireddocument" WHERE "service_id" = 1', True),
        ("TRUNCATE budget_rollup", True),
        ('WITH x AS (DELETE FROM "territory_akimat" RETURNING id) SELECT * FROM x', True),
        ('UPDATE "accounts_user" SET "last_login" = now()', False),
        ('INSERT INTO "django_session" VALUES (1)', False),
    ],
)
def test_which_statements_count_as_writes_to_public_data(db, sql, writes):
    assert pagecache.writes_public_data(sql) is writes


def test_pages_are_made_afresh_when_the_cache_server_is_away(client, akzhar_akimat, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    response = client.get(AKZHAR)
    assert response.status_code == 200 and "Akzhar" in response.content.decode()


def test_a_change_made_through_another_server_reaches_this_one(client, akzhar_akimat):
    client.get(AKZHAR)
    assert client.get(AKZHAR)[pagecache.HEADER] == "hit"  # from this process's memory
    cache.set(pagecache.GENERATION_KEY, "changed-by-another-server")
    assert client.get(AKZHAR)[pagecache.HEADER] == "miss"


def test_a_page_past_its_time_is_made_again(client, akzhar_akimat, settings):
    settings.PAGE_CACHE_VIEWS = {**settings.PAGE_CACHE_VIEWS, "akimat-detail": 1}
    client.get(AKZHAR)
    assert client.get(AKZHAR)[pagecache.HEADER] == "hit"
    for entry in pagecache._local_pages.values():
        entry["expires"] -= 5
    cache.delete_many(list(pagecache._local_pages))
    assert client.get(AKZHAR)[pagecache.HEADER] == "miss"


def test_a_write_to_the_problem_register_leaves_reference_pages_cached(client, akzhar_akimat, akzhar_construction):
    """Realms: the problem register's writes make its own pages stale, not the akimat's page."""
    from openakimat.problems.models import Category

    register = "/en/control/instructions/"
    for url in (AKZHAR, register):
        assert fetch(client, url)[0][pagecache.HEADER] == "miss"
        assert fetch(client, url)[0][pagecache.HEADER] == "hit"
    Category.objects.create(
        akimat=akzhar_akimat,
        code="roads",
        department=akzhar_construction,
        name_kk="Жол",
        name_ru="Дороги",
        name_en="Roads",
    )
    assert fetch(client, AKZHAR)[0][pagecache.HEADER] == "hit"
    assert fetch(client, register)[0][pagecache.HEADER] == "miss"


def test_a_write_to_reference_data_makes_register_pages_stale_too(client, akzhar_akimat):
    register = "/en/control/instructions/"
    fetch(client, register)
    assert fetch(client, register)[0][pagecache.HEADER] == "hit"
    Akimat.objects.filter(pk=akzhar_akimat.pk).update(phone="+7 715 000 00 00")
    assert fetch(client, register)[0][pagecache.HEADER] == "miss"


def test_a_page_the_cache_never_keeps_does_not_look_in_it(client, akzhar_akimat, monkeypatch):
    """Forms, feeds and the kiosk are not in PAGE_CACHE_VIEWS: they skip the cache's round trip
    (the URL is resolved under its own language first), while a kept page still looks."""
    looked: list[str] = []
    real = pagecache._stored_page

    def stored_page(key, generations):
        looked.append(key)
        return real(key, generations)

    monkeypatch.setattr(pagecache, "_stored_page", stored_page)
    assert client.get("/en/staff/login/").status_code == 200
    assert client.get("/kk/no-such-page/").status_code == 404
    assert looked == []
    client.get(AKZHAR)
    client.get(AKZHAR.replace("/en/", "/kk/"))
    assert len(looked) == 2
