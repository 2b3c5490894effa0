from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.http import urlencode

from openakimat.common import publish

from . import selectors
from .forms import ServiceSearchForm

PAGE_SIZE = 25


def service_list(request: HttpRequest) -> HttpResponse:
    """The register: a plain GET form (works without JavaScript), filtered and paginated."""
    form = ServiceSearchForm(request.GET or None)
    q = kind = ""
    if form.is_bound and form.is_valid():
        q, kind = form.cleaned_data["q"], form.cleaned_data["department_kind"]
    services = selectors.public_service_list(q=q, department_kind=kind)
    page = Paginator(services, PAGE_SIZE).get_page(request.GET.get("page"))
    keep = urlencode({k: v for k, v in (("q", q), ("department_kind", kind)) if v})
    return render(
        request,
        "catalogue/service_list.html",
        {"form": form, "page": page, "query": q, "kind": kind, "keep": keep, "searched": bool(q or kind)},
    )


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
