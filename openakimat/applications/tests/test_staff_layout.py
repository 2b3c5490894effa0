"""Every staff page has the back office's own layout: the person's roles and akimats in the
header, the staff menu with what their roles may use, sign-out and the way back to the public site."""

import re

import pytest
from django.urls import reverse

from openakimat.applications.models import Application

HEADER = 'class="site-header staff-header"'


def menu(html: str) -> list[str]:
    found = re.search(r'<nav class="main-nav staff-menu"[^>]*>(.*?)</nav>', html, re.S)
    assert found, "no staff menu"
    return re.findall(r'data-nav="([^"]+)"', found.group(1))


def staff_pages(case: Application) -> list[str]:
    return [
        reverse("staff-home"),
        reverse("staff-akimat", kwargs={"kato": case.akimat.territory.kato}),
        reverse("cases:inbox"),
        reverse("cases:detail", kwargs={"number": case.number}),
        reverse("cases:new"),
        reverse("cases:consultations"),
        reverse("cases:receipt", kwargs={"number": case.number}),
    ]


def test_every_staff_page_uses_the_back_office_layout(staff_client, operator, case):
    client = staff_client(operator)
    for url in staff_pages(case):
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 200, url
        assert HEADER in html, url
        assert 'aria-label="Main"' not in html, url  # not the public menu
        assert "Front-office operator" in html and "Akimat of Akzhar district" in html, url
        assert f'action="{reverse("staff-logout")}"' in html, url
        assert f'href="{reverse("home")}"' in html, url
        assert menu(html) == [
            "accounts.home",
            "cases.inbox",
            "cases.intake",
            "cases.consultations",
            "queue.halls",
            "appeals.inbox",
            "control.inbox",
            "problems.inbox",
            "receptions.list",
            "meetings.list",
            "news.list",
            "accounts.admin",
        ]


def test_the_menu_marks_the_current_page(staff_client, operator, case):
    html = staff_client(operator).get(reverse("cases:detail", kwargs={"number": case.number})).content.decode()
    assert re.search(r'aria-current="page" data-nav="cases.inbox"', html)
    assert len(re.findall(r'aria-current="page"', html)) == 1


def test_a_specialist_is_not_offered_the_desk(staff_client, specialist, case):
    html = staff_client(specialist).get(reverse("cases:inbox")).content.decode()
    assert menu(html) == [
        "accounts.home",
        "cases.inbox",
        "queue.halls",
        "appeals.inbox",
        "control.inbox",
        "problems.inbox",
        "meetings.list",
        "news.list",
        "accounts.admin",
    ]
    assert reverse("cases:new") not in html
    assert "Department specialist" in html


def test_the_sign_in_page_has_the_staff_header_without_a_menu(client):
    html = client.get(reverse("staff-login")).content.decode()
    assert HEADER in html
    assert "staff-menu" not in html and "staff-logout" not in html
    assert f'href="{reverse("home")}"' in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_inbox_cell_is_labelled_for_the_phone_layout(staff_client, operator, case, lang):
    html = staff_client(operator).get(f"/{lang}/staff/cases/").content.decode()
    row = re.search(r"<tbody>(.*?)</tbody>", html, re.S).group(1)
    assert case.number in row
    assert row.count("data-label=") == 4  # every cell but the row's heading, the case number
    assert f'<span class="cell-sub">{case.department.name}</span>' in row
    assert "<time datetime=" in row and "cell-due" in row


def test_every_staff_table_becomes_cards_on_a_phone(staff_client, operator, case):
    """Each table of the back office keeps to the responsive table's contract (components/table.html):
    a row heading, and every other cell labelled, so on a phone each row is a card and nothing
    scrolls sideways."""
    client = staff_client(operator)
    seen = 0
    for url in staff_pages(case):
        html = client.get(url).content.decode()
        tables = re.findall(r'(<div class="table-scroll[^"]*"[^>]*>)?\s*<table\b(.*?)</table>', html, re.S)
        for wrapper, table in tables:
            seen += 1
            # The inbox has its own card layout (stack-on-phone); every other table is responsive.
            assert table.startswith(' class="data-table table-responsive') or "stack-on-phone" in wrapper, url
            for row in re.findall(r"<tr>(.*?)</tr>", table.split("<tbody>", 1)[-1], re.S):
                cells = re.findall(r"<td\b[^>]*>", row)
                assert all("data-label=" in c or "colspan=" in c for c in cells), (url, row[:200])
    assert seen >= 4  # the inbox, the case's documents and history, the akimat's staff
