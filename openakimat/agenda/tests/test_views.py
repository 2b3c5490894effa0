"""The calendar's pages with a fake source: the month grid (Monday first, a month that starts on a
Sunday, February of a leap year), today marked, the kind filter, the list, refusals of nonsense with a
translated 400, no script, and the feeds of an akimat, of a kind and of all akimats."""

import calendar as pycalendar
import re
from datetime import date, timedelta

import icalendar
import pytest
from django.urls import reverse
from django.utils import translation

from openakimat.agenda import selectors

from .conftest import DEADLINE, almaty

pytestmark = pytest.mark.django_db


def url(name: str, lang: str = "kk", **kwargs) -> str:
    with translation.override(lang):
        return reverse(name, kwargs=kwargs)


def said(lang: str, text: str) -> str:
    with translation.override(lang):
        return translation.gettext(text)


def next_month_where(test) -> date:
    first = selectors.today().replace(day=1)
    for _ in range(12 * 5):
        if test(first):
            return first
        first = selectors.add_months(first, 1)
    raise AssertionError("no such month within five years")


def cells(html: str) -> list[list[str]]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [re.findall(r"<td[^>]*>(.*?)</td>", row, re.S) for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)]


def day_numbers(row: list[str]) -> list[str]:
    return [(re.search(r"<time datetime=\"[\d-]+\">(\d+)</time>", c) or [None, ""])[1] for c in row]


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_month_page_in_each_language_lists_the_events_in_their_day_cells(client, fake_source, akzhar_akimat, lang):
    first = selectors.today().replace(day=1)
    fake_source.add(
        akimat_id=akzhar_akimat.pk, title="Autumn fair", starts_at=almaty(first.year, first.month, 14, 9, 30)
    )
    page = client.get(url("agenda:akimat", lang, kato=akzhar_akimat.territory.kato))
    assert page.status_code == 200
    html = page.content.decode()
    main = html.split('<main id="main"', 1)[1].split("</main>", 1)[0]
    assert "<script" not in main and "onclick" not in main  # the calendar needs no script
    assert '<th scope="col">' in html and "<caption>" in html
    weeks = cells(html)
    fourteenth = next(c for row in weeks for c in row if f'datetime="{first.replace(day=14).isoformat()}"' in c)
    assert "Autumn fair" in fourteenth and ">09:30</time>" in fourteenth and "Fair" in fourteenth
    # The first column is Monday.
    with translation.override(lang):
        monday = translation.gettext("Monday")
    assert re.search(
        r'<thead><tr><th scope="col"><span class="weekday-short" aria-hidden="true">[^<]*</span>'
        r'<span class="weekday-full">' + monday,
        html,
    )
    assert said(lang, "Subscribe in your calendar") in html
    assert f"/{lang}/calendar/{akzhar_akimat.territory.kato}.ics" in html
    assert f"/{lang}/calendar/{akzhar_akimat.territory.kato}/testfair.ics" in html


def test_a_month_that_starts_on_a_sunday_has_six_empty_days_before_the_first(client, fake_source, akzhar_akimat):
    first = next_month_where(lambda d: d.weekday() == 6)
    page = client.get(url("agenda:index"), {"month": f"{first:%Y-%m}"})
    weeks = cells(page.content.decode())
    assert day_numbers(weeks[0]) == ["", "", "", "", "", "", "1"]
    assert all(len(week) == 7 for week in weeks)
    last = pycalendar.monthrange(first.year, first.month)[1]
    assert day_numbers(weeks[-1])[: (date(first.year, first.month, last).weekday() + 1)][-1] == str(last)


def test_february_of_a_leap_year_has_29_days_and_of_another_28(client, fake_source):
    leap = next_month_where(lambda d: d.month == 2 and pycalendar.isleap(d.year))
    html = client.get(url("agenda:index"), {"month": f"{leap:%Y-%m}"}).content.decode()
    numbers = [n for week in cells(html) for n in day_numbers(week) if n]
    assert numbers == [str(n) for n in range(1, 30)]
    plain = next_month_where(lambda d: d.month == 2 and not pycalendar.isleap(d.year))
    html = client.get(url("agenda:index"), {"month": f"{plain:%Y-%m}"}).content.decode()
    assert [n for week in cells(html) for n in day_numbers(week) if n][-1] == "28"


def test_today_is_marked_in_words_and_for_assistive_technology(client, fake_source):
    html = client.get(url("agenda:index", "en")).content.decode()
    today = selectors.today()
    cell = next(c for c in re.findall(r"<td[^>]*>.*?</td>", html, re.S) if f'datetime="{today.isoformat()}"' in c)
    assert 'aria-current="date"' in cell and "today" in cell


def test_previous_and_next_month_links_keep_the_kinds(client, fake_source):
    first = selectors.today().replace(day=1)
    html = client.get(url("agenda:index", "en"), {"kind": "testfair"}).content.decode()
    after = selectors.add_months(first, 1)
    before = selectors.add_months(first, -1)
    assert f'href="/en/calendar/?month={after:%Y-%m}&amp;kind=testfair" rel="next"' in html
    assert f'href="/en/calendar/?month={before:%Y-%m}&amp;kind=testfair" rel="prev"' in html


def test_the_kind_filter_shows_only_the_chosen_kinds(client, fake_source, akzhar_akimat):
    day = selectors.today() + timedelta(days=1)
    fake_source.add(akimat_id=akzhar_akimat.pk, title="Winter fair", starts_at=almaty(day.year, day.month, day.day))
    fake_source.add(
        akimat_id=akzhar_akimat.pk,
        kind=DEADLINE.name,
        title="Comments close",
        starts_at=almaty(day.year, day.month, day.day, 18),
    )
    month = {"month": f"{day:%Y-%m}"}
    both = client.get(url("agenda:index", "en"), month).content.decode()
    assert "Winter fair" in both and "Comments close" in both
    fairs = client.get(url("agenda:index", "en"), {**month, "kind": "testfair"}).content.decode()
    assert "Winter fair" in fairs and "Comments close" not in fairs
    assert 'value="testfair" checked' in fairs and 'value="testdeadline">' in fairs
    listed = client.get(url("agenda:index", "en"), {"view": "list", "kind": "testdeadline"}).content.decode()
    assert "Comments close" in listed and "Winter fair" not in listed


def test_the_list_groups_upcoming_events_by_day(client, fake_source, akzhar_akimat, aiyrtau_akimat):
    day = selectors.today() + timedelta(days=3)
    later = day + timedelta(days=40)
    fake_source.add(akimat_id=akzhar_akimat.pk, title="First", starts_at=almaty(day.year, day.month, day.day, 15))
    fake_source.add(akimat_id=akzhar_akimat.pk, title="Second", starts_at=almaty(day.year, day.month, day.day, 9))
    fake_source.add(
        akimat_id=aiyrtau_akimat.pk, title="Elsewhere", starts_at=almaty(later.year, later.month, later.day)
    )
    html = client.get(url("agenda:index", "en"), {"view": "list"}).content.decode()
    assert html.index("Second") < html.index("First") < html.index("Elsewhere")
    assert html.count(f'<h3 class="day-heading"><time datetime="{day.isoformat()}">') == 1
    with translation.override("en"):
        assert f"({aiyrtau_akimat.name})" in html  # all akimats: each event says whose
    own = client.get(url("agenda:akimat", "en", kato=akzhar_akimat.territory.kato), {"view": "list"}).content.decode()
    assert "First" in own and "Elsewhere" not in own


def test_a_cancelled_event_is_struck_and_says_so_in_words(client, fake_source, akzhar_akimat):
    day = selectors.today() + timedelta(days=2)
    fake_source.add(
        akimat_id=akzhar_akimat.pk, title="Called off", cancelled=True, starts_at=almaty(day.year, day.month, day.day)
    )
    for lang in ("kk", "ru", "en"):
        html = client.get(url("agenda:index", lang), {"view": "list"}).content.decode()
        item = re.search(r'<li class="event kind-testfair event-cancelled">(.*?)</li>', html, re.S).group(1)
        assert said(lang, "Cancelled") in item and "Called off" in item


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
@pytest.mark.parametrize(
    "query",
    [
        {"month": "2026-13"},
        {"month": "garbage"},
        {"month": "1900-01"},
        {"month": "9999-12"},
        {"kind": "party"},
        {"view": "week"},
    ],
)
def test_nonsense_is_refused_with_a_translated_400(client, fake_source, query, lang):
    page = client.get(url("agenda:index", lang), query)
    assert page.status_code == 400
    html = page.content.decode()
    assert 'class="banner banner-warning"' in html
    if "month" in query and lang != "en":
        message = said(lang, "Give a month as year and month, like %(example)s, between %(earliest)s and %(latest)s.")
        assert message.split("%")[0] in html
        assert "Give a month" not in html


def test_the_months_go_five_years_either_way_and_no_further(client, fake_source):
    first = selectors.today().replace(day=1)
    edge = first.replace(year=first.year + 5)
    html = client.get(url("agenda:index", "en"), {"month": f"{edge:%Y-%m}"}).content.decode()
    assert 'rel="next"' not in html and 'rel="prev"' in html
    assert client.get(url("agenda:index", "en"), {"month": f"{selectors.add_months(edge, 1):%Y-%m}"}).status_code == 400


def test_choosing_an_akimat_goes_to_its_calendar_and_an_unknown_one_is_refused(client, fake_source, akzhar_akimat):
    kato = akzhar_akimat.territory.kato
    answer = client.get(url("agenda:index", "ru"), {"akimat": kato})
    assert answer.status_code == 302 and answer["Location"] == url("agenda:akimat", "ru", kato=kato)
    assert client.get(url("agenda:index", "ru"), {"akimat": "000000000"}).status_code == 400
    assert client.get(url("agenda:akimat", "ru", kato="999999999")).status_code == 404
    assert client.get(url("agenda:index", "ru"), {"akimat": ""}).status_code == 200


def test_the_menu_and_the_akimat_page_link_to_the_calendar(client, fake_source, akzhar_akimat):
    kato = akzhar_akimat.territory.kato
    home = client.get(url("akimat-detail", "en", kato=kato)).content.decode()
    assert 'href="/en/calendar/"' in home
    assert f'href="/en/calendar/{kato}/"' in home


def test_the_feeds_of_an_akimat_a_kind_and_all_akimats(client, fake_source, akzhar_akimat, aiyrtau_akimat, monkeypatch):
    monkeypatch.setattr(icalendar.Event, "ignore_exceptions", False)
    day = selectors.today() + timedelta(days=5)
    fake_source.add(akimat_id=akzhar_akimat.pk, title="Fair", starts_at=almaty(day.year, day.month, day.day))
    fake_source.add(
        akimat_id=akzhar_akimat.pk,
        kind=DEADLINE.name,
        title="Deadline",
        all_day=True,
        starts_at=almaty(day.year, day.month, day.day),
    )
    fake_source.add(akimat_id=aiyrtau_akimat.pk, title="Far fair", starts_at=almaty(day.year, day.month, day.day))
    # Out of the window: too old, too far ahead.
    old = selectors.today() - timedelta(days=selectors.FEED_DAYS_BACK + 2)
    fake_source.add(akimat_id=akzhar_akimat.pk, title="Old", starts_at=almaty(old.year, old.month, old.day))
    far = selectors.today() + timedelta(days=selectors.FEED_DAYS_AHEAD + 2)
    fake_source.add(akimat_id=akzhar_akimat.pk, title="Far ahead", starts_at=almaty(far.year, far.month, far.day))
    kato = akzhar_akimat.territory.kato

    def summaries(answer):
        assert answer.status_code == 200
        assert answer["Content-Type"] == "text/calendar; charset=utf-8"
        cal = icalendar.Calendar.from_ical(answer.content)
        return sorted(str(e["SUMMARY"]) for e in cal.events)

    assert summaries(client.get(url("agenda:feed", kato=kato))) == ["Deadline", "Fair"]
    assert summaries(client.get(url("agenda:kind-feed", kato=kato, kind="testdeadline"))) == ["Deadline"]
    assert summaries(client.get(url("agenda:feed", kato="all"))) == ["Deadline", "Fair", "Far fair"]
    assert client.get(url("agenda:kind-feed", kato=kato, kind="party")).status_code == 404
    assert client.get(url("agenda:feed", kato="999999999")).status_code == 404
    deadline = client.get(url("agenda:kind-feed", kato=kato, kind="testdeadline")).content.decode()
    assert f"DTSTART;VALUE=DATE:{day:%Y%m%d}\r\n" in deadline


def test_the_feed_and_page_are_served_from_the_page_cache(client, fake_source, akzhar_akimat):
    kato = akzhar_akimat.territory.kato
    for address in (url("agenda:feed", kato=kato), url("agenda:akimat", kato=kato), url("agenda:index")):
        first, second = client.get(address), client.get(address)
        assert first["X-Page-Cache"] == "miss" and second["X-Page-Cache"] == "hit", address
        assert first["ETag"] and first["Last-Modified"]
        assert client.get(address, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(url("agenda:feed", kato=kato))["Cache-Control"] == "max-age=900"


def test_a_source_in_a_realm_the_cached_calendar_does_not_follow_is_reported(fake_source):
    from openakimat.agenda import checks, sources

    assert checks.sources_realms() == []
    sources.register(sources.Source(name="tests-elsewhere", kinds=(), events=lambda *a: [], realm="elsewhere"))
    try:
        assert {m.id for m in checks.sources_realms()} == {"agenda.E001"}
    finally:
        sources._sources.pop("tests-elsewhere", None)


def test_a_head_request_for_a_feed_is_answered_and_a_post_refused(client, fake_source, akzhar_akimat):
    address = url("agenda:feed", kato=akzhar_akimat.territory.kato)
    assert client.head(address).status_code == 200
    assert client.post(address).status_code == 405
    assert client.get(url("agenda:index"), {"month": "٢٠٢٦-١١"}).status_code == 400
