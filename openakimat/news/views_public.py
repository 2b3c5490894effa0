"""The public pages: the news of every akimat or of one (filtered by kind and category, pinned
first), and an item's page in the language asked for — or, when the item is not written in it, a
notice that says so and offers the languages it is written in. Published items only."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse, translate_url
from django.utils.translation import get_language
from django.views.decorators.http import require_GET

from openakimat.territory.selectors import akimat_by_kato

from . import selectors
from .forms import ListFilterForm


def _lang() -> str:
    return (get_language() or "kk").split("-")[0]


def _present(item, lang: str) -> None:
    """What a list shows of an item: its title in the reader's language, else in one it has."""
    shown = lang if item.has_language(lang) else (item.languages or [lang])[0]
    item.shown_lang = shown
    item.shown_title = item.text("title", shown)
    item.shown_lead = item.text("lead", shown)


def _feeds(akimat) -> dict[str, str]:
    if akimat is None:
        return {"rss": reverse("news:rss"), "atom": reverse("news:atom")}
    kato = akimat.territory.kato
    return {"rss": reverse("news:akimat-rss", args=[kato]), "atom": reverse("news:akimat-atom", args=[kato])}


@require_GET
def item_list(request: HttpRequest, kato: str | None = None) -> HttpResponse:
    akimat = akimat_by_kato(kato) if kato else None
    form = ListFilterForm(request.GET or None, fixed_akimat=akimat)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if valid else selectors.Filters(akimat=akimat)
    page = selectors.page_of(selectors.public_items(filters), request.GET.get("page"))
    lang = _lang()
    for item in page.rows:
        _present(item, lang)
    context = {
        "akimat": akimat,
        "form": form,
        "page": page,
        "rows": page.rows if valid else [],
        "keep": form.query() if valid else "",
        "feeds": _feeds(akimat),
    }
    return render(request, "news/list.html", context, status=200 if valid else 400)


@require_GET
def item_detail(request: HttpRequest, kato: str, pk: int) -> HttpResponse:
    item = selectors.public_item(kato=kato, pk=pk)
    lang = _lang()
    names = dict(settings.LANGUAGES)
    present = item.has_language(lang)
    context = {
        "item": item,
        "present": present,
        "lang": lang,
        "title": item.text("title", lang) if present else item.text("title", item.languages[0]),
        "title_lang": lang if present else item.languages[0],
        "lead": item.text("lead", lang),
        "body": item.text("body", lang),
        "photos": [(photo, photo.alt(lang)) for photo in item.photos.all()] if present else [],
        "links": selectors.item_links(item),
        "others": [
            {"code": code, "name": names[code], "url": translate_url(request.path, code)}
            for code in item.languages
            if code != lang
        ],
        "feeds": _feeds(item.akimat),
    }
    return render(request, "news/detail.html", context)
