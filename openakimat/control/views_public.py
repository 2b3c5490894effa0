"""The public register of instructions: for everywhere, for an akimat (with the akimats in its
territory), and a page per instruction with its timeline. Nothing personal is shown: the
responsible department, never the official; the events' public texts, never who wrote them."""

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from openakimat.common.downloads import SANDBOX_POLICY, attachment_response, detect

from . import figures, selectors
from .forms import RegisterFilterForm


@require_GET
def register(request: HttpRequest, kato: str | None = None) -> HttpResponse:
    akimat = selectors.akimat_by_kato(kato) if kato else None
    form = RegisterFilterForm(request.GET or None, akimat=akimat)
    valid = not form.is_bound or form.is_valid()
    filters = form.filters() if valid else selectors.RegisterFilters(akimat=akimat)
    today = timezone.localdate()
    page = selectors.page_of(selectors.register(filters, today), request.GET.get("page"))
    for row in page.rows:
        row.overdue = row.is_overdue(today)  # type: ignore[attr-defined]
    table = figures.cached(akimat=akimat, by=figures.BY_DEPARTMENT if akimat else figures.BY_AKIMAT)
    context = {
        "akimat": akimat,
        "form": form,
        "page": page,
        "rows": page.rows if valid else [],
        "keep": form.query() if valid else "",
        "figures": table,
        "today": today,
    }
    return render(request, "control/register.html", context, status=200 if valid else 400)


@require_GET
def detail(request: HttpRequest, number: str) -> HttpResponse:
    instruction = selectors.public_detail(number=number)
    today = timezone.localdate()
    context = {
        "instruction": instruction,
        "overdue": instruction.is_overdue(today),
        "events": list(instruction.events.all()),
        "source_url": selectors.source_url(instruction),
        "source_label": selectors.source_label(instruction),
        "today": today,
    }
    return render(request, "control/detail.html", context)


@require_GET
def attachment(request: HttpRequest, number: str, attachment_id: int) -> FileResponse:
    """A photo or document of a progress report: photos shown in the page, documents downloaded;
    typed by the stored bytes, never by the name it was uploaded under."""
    file = selectors.public_attachment(number=number, attachment_id=attachment_id)
    try:
        handle = file.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    content_type, _extension = detect(handle)
    if content_type.startswith("image/"):
        response = FileResponse(handle, content_type=content_type)
        response["X-Content-Type-Options"] = "nosniff"
        response["Content-Security-Policy"] = SANDBOX_POLICY
    else:
        response = attachment_response(handle, original_name=file.name)
    response["Cache-Control"] = "public, max-age=3600"
    return response
