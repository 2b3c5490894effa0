from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from openakimat.common import publish

from . import selectors
from .forms import ServiceSearchForm

PAGE_SIZE = 25


def service_list(request: HttpRequest) -> HttpResponse:
    """The register: a plain GET form (works without JavaScript), found best first and paginated.
    Before any search, the popular services and the life situations lead the way."""
    form = ServiceSearchForm(request.GET or None)
    q = kind = ""
    if form.is_bound and form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["department_kind"]
    found = selectors.public_service_search(q=q, department_kind=kind)
    page = Paginator(found.services, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = urlencode({k: v for k, v in (("q", q), ("department_kind", kind)) if v})
    searched = bool(q or kind)
    context = {
        "form": form,
        "page": page,
        "query": q,
        "kind": kind,
        "keep": keep,
        "searched": searched,
        "suggestion": found.suggestion,
        "suggestion_query": urlencode({k: v for k, v in (("q", found.suggestion), ("department_kind", kind)) if v}),
    }
    if not searched:
        context["popular"] = selectors.popular_services()
        context["situations"] = selectors.life_situation_list()
    return render(request, "catalogue/service_list.html", context)


def situation_list(request: HttpRequest) -> HttpResponse:
    """Services grouped by the moment of life that needs them, as eGov groups them."""
    return render(request, "catalogue/situation_list.html", {"situations": selectors.life_situation_list()})


def service_detail(request: HttpRequest, code: str) -> HttpResponse:
    service = selectors.public_service_get(code=code)
    return render(
        request,
        "catalogue/service_detail.html",
        {
            "service": service,
            "can_apply_online": service.online and bool(service.offerings.all()),
            # Published by the apps that work with services (the front office's applications).
            "figures": publish.collect("catalogue.service", service),
        },
    )
