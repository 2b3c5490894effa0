"""Dates and times on the front-office pages read as each language writes them: Kazakh
"9 желтоқсан 2026 ж., 18:00", Russian "9 декабря 2026 г., 18:00", English (as in Kazakhstan)
"9 December 2026, 18:00"; staff tables use dd.mm.yyyy and the 24-hour clock in every language.
The case is registered on Tuesday 1 December 2026 at 10:00 and due on 9 December at 18:00."""

import re

import pytest

from openakimat.applications.tests.test_public_views import track

# What the page must show for the registration date and the due date and time.
TRACKING = {
    "kk": ("1 желтоқсан 2026 ж.", "9 желтоқсан 2026 ж., 18:00"),
    "ru": ("1 декабря 2026 г.", "9 декабря 2026 г., 18:00"),
    "en": ("1 December 2026", "9 December 2026, 18:00"),
}
# American forms that Django falls back to without the project's format modules.
AMERICAN = ("12/01/2026", "12/09/2026", "Dec. 9, 2026", "December 9, 2026", "p.m.", "6 p.m.")


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_tracking_page_shows_the_due_date_in_the_residents_language(client, case, lang):
    response = track(client, case, lang=lang)
    assert response.status_code == 200
    html = response.content.decode()
    registered, due = TRACKING[lang]
    assert f'<time datetime="2026-12-09T18:00:00+05:00">{due}</time>' in html
    assert f">{registered}</time>" in html
    for american in AMERICAN:
        assert american not in html, american


def test_kazakh_month_names_are_lower_case_inside_a_date(client, case):
    html = track(client, case, lang="kk").content.decode()
    assert "Желтоқсан" not in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_inbox_and_the_case_page_show_dd_mm_yyyy_and_the_24_hour_clock(staff_client, case, specialist, lang):
    client = staff_client(specialist)
    inbox = client.get(f"/{lang}/staff/cases/").content.decode()
    assert "09.12.2026 18:00" in inbox
    detail = client.get(f"/{lang}/staff/cases/{case.number}/").content.decode()
    assert "01.12.2026 10:00" in detail  # registered, and the first document
    assert "09.12.2026 18:00" in detail  # due
    for html in (inbox, detail):
        for american in AMERICAN:
            assert american not in html, american


@pytest.mark.parametrize(("lang", "label"), [("kk", "PDF құжаты"), ("ru", "Документ PDF"), ("en", "PDF document")])
def test_the_case_page_names_document_types_in_words(staff_client, case, specialist, lang, label):
    html = staff_client(specialist).get(f"/{lang}/staff/cases/{case.number}/").content.decode()
    assert re.search(rf"<td data-label=\"[^\"]+\">{re.escape(label)}</td>", html)
    assert "application/pdf" not in html
