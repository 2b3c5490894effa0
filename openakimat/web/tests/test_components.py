"""The component includes under templates/components render what docs/design.md promises, and the
shell around every page (menu, footer, design page) keeps its shape."""

import re

import pytest
from django import forms
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.utils import translation

from openakimat.web.views import design_sample


class ContactForm(forms.Form):
    iin = forms.CharField(label="IIN", max_length=12)
    phone = forms.CharField(label="Phone")
    secret = forms.CharField(widget=forms.HiddenInput, required=False)

    def clean(self):
        raise forms.ValidationError("The service is not offered here.")


def render(name: str, **context) -> str:
    return render_to_string(f"components/{name}.html", context)


def test_error_summary_links_each_error_to_its_field_and_takes_the_focus():
    form = ContactForm(data={"iin": "", "phone": ""})
    assert not form.is_valid()
    with translation.override("en"):
        html = render("error_summary", form=form)
    assert 'id="error-summary"' in html
    assert 'tabindex="-1" autofocus' in html  # focused on load, without a script
    assert '<h2 id="error-summary-title">There is a problem</h2>' in html
    items = re.findall(r"<li>(.*?)</li>", html)
    assert items == [
        "The service is not offered here.",
        '<a href="#id_iin">This field is required.</a>',
        '<a href="#id_phone">This field is required.</a>',
    ]


def test_error_summary_can_prefix_each_error_with_its_label():
    form = ContactForm(data={"iin": "", "phone": "1"})
    with translation.override("en"):
        form.is_valid()
        html = render("error_summary", form=form, labels=True)
    assert '<a href="#id_iin">IIN: This field is required.</a>' in html


def test_error_summary_renders_nothing_without_an_error():
    assert render("error_summary", form=ContactForm()).strip() == ""


def test_error_summary_takes_a_list_or_a_sentence_in_the_page_language():
    with translation.override("kk"):
        html = render("error_summary", errors=[{"text": "Бірінші", "href": "#a"}, {"text": "Екінші"}])
    assert "Қате бар" in html
    assert '<li><a href="#a">Бірінші</a></li>' in html and "<li>Екінші</li>" in html
    html = render("error_summary", text="Try again later.", title="Not now", id="late")
    assert 'id="late"' in html and '<h2 id="late-title">Not now</h2>' in html and "<p>Try again later.</p>" in html


@pytest.mark.parametrize(
    ("colour", "expected"), [("green", "tag tag-green"), ("red", "tag tag-red"), (None, "tag tag-grey")]
)
def test_tag_shows_its_word_in_its_colour(colour, expected):
    html = render("tag", text="Issued", colour=colour)
    assert html.strip() == f'<strong class="{expected}">Issued</strong>'


def test_confirmation_panel_holds_the_reference_in_a_heading_panel():
    html = render("panel", title="Registered", reference="AKZ-2026-000001", reference_label="Number ")
    assert '<h1 class="panel-title">Registered</h1>' in html
    assert "Number <strong>AKZ-2026-000001</strong>" in html
    assert '<h2 class="panel-title">' in render("panel", title="x", heading_level=2)


def test_banner_maps_django_message_levels_to_its_kinds():
    with translation.override("ru"):
        success = render("banner", text=Message(constants.SUCCESS, "Сохранено"), kind="success")
        error = render("banner", text="Нет связи", kind="error")
        info = render("banner", text="Приём закрыт")
    assert 'class="banner banner-success" role="alert"' in success and "Готово" in success and "Сохранено" in success
    assert 'class="banner banner-warning" role="alert"' in error and "Внимание" in error
    assert 'class="banner" role="region"' in info and "Важно" in info


@pytest.mark.parametrize(
    ("kind", "css"), [(None, "button"), ("secondary", "button button-secondary"), ("warning", "button button-warning")]
)
def test_buttons_come_in_three_kinds(kind, css):
    html = render("button", text="Go", kind=kind)
    assert html.strip() == f'<button class="{css}" type="submit">Go</button>'


def test_a_start_button_is_a_link():
    html = render("button", text="Apply online", href="/en/apply/ZAGS-01/")
    assert '<a class="button" href="/en/apply/ZAGS-01/" role="button"' in html


def test_responsive_table_labels_every_cell_with_its_column():
    head = [{"text": "District", "num": False}, {"text": "Amount", "num": True}, {"text": "Share", "num": True}]
    rows = [[{"text": "Akzhar", "href": "/a/"}, "10", "5 %"], ["Talshik", "20", "7 %"]]
    html = render("table", caption="Budgets", head=head, rows=rows, id="t")
    assert 'class="data-table table-responsive"' in html
    assert '<caption id="t-caption">Budgets</caption>' in html
    assert '<th scope="row"><a href="/a/">Akzhar</a></th>' in html
    assert html.count('<td data-label="Amount" class="num">') == 2
    assert html.count('<td data-label="Share" class="num">') == 2
    assert 'data-label="District"' not in html  # the row heading needs no label


def test_pagination_marks_the_current_page_and_keeps_the_search():
    page = Paginator(range(30), 10).page(2)
    with translation.override("en"):
        html = render("pagination", page=page, keep="q=birth")
    assert 'href="?q=birth&amp;page=1" rel="prev">Previous page</a>' in html
    assert 'href="?q=birth&amp;page=3" rel="next">Next page</a>' in html
    assert '<a href="?q=birth&amp;page=2" aria-current="page"><span class="visually-hidden">Page 2</span>' in html
    assert render("pagination", page=Paginator(range(3), 10).page(1)).strip() == ""


def test_summary_list_renders_each_row():
    html = render("summary_list", rows=[{"key": "Number", "value": "AKZ-1"}, {"key": "Status", "value": "Open"}])
    assert html.count('<div class="summary-list-row">') == 2
    assert "<dt>Number</dt><dd>AKZ-1</dd>" in html


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_every_page_has_the_menu_the_wordmark_and_the_api_in_the_footer(client, db, lang):
    html = client.get(f"/{lang}/").content.decode()
    assert '<details class="menu" id="menu">' in html
    assert '<a class="wordmark" href="/' + lang + '/"><svg' in html
    nav = html[html.index('<nav class="main-nav"') : html.index("</nav>", html.index('<nav class="main-nav"'))]
    assert "/api/" not in nav
    footer = html[html.index('<footer class="site-footer">') :]
    assert 'href="/api/v1/docs"' in footer
    with translation.override(lang):
        assert translation.gettext("For developers") in footer
        assert translation.gettext("Menu") in html


def test_django_messages_are_shown_as_banners(client, db):
    response = client.post("/en/staff/logout/", follow=True)
    html = response.content.decode()
    assert '<div class="messages">' in html
    assert "You have signed out." in html and 'class="banner' in html


def test_design_page_is_for_staff_only(client, db, settings):
    settings.DEBUG = False
    response = client.get("/en/design/")
    assert response.status_code == 302 and "/en/staff/login/" in response["Location"]


def test_design_page_shows_every_component_while_debugging(client, db, settings):
    settings.DEBUG = True
    html = client.get("/ru/design/").content.decode()
    for marker in (
        "tag tag-blue",
        "tag tag-orange",
        "summary-list",
        "panel-confirmation",
        "banner banner-success",
        "error-summary",
        "button button-warning",
        "table-responsive",
        'class="pagination"',
    ):
        assert marker in html, marker
    assert "Дизайн-система" in html


def test_design_sample_has_a_second_page_to_show():
    with translation.override("en"):
        sample = design_sample()
    assert sample["page"].number == 2 and sample["page"].has_previous()
