"""The staff page of a hall's figures: wait and service time per category, desk and hour, the
no-show rate, for a period (the last 30 days unless chosen), and the same as CSV. Every staff role
of the hall's territory reads them (permissions.can_view); numbers only, nothing personal."""

import csv
import io
from datetime import date, timedelta

from django import forms
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from openakimat.accounts.views import staff_required

from . import figures, permissions
from .models import Hall

DEFAULT_DAYS = 30


class PeriodForm(forms.Form):
    start = forms.DateField(label=gettext_lazy("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))


def period(request: HttpRequest) -> tuple[PeriodForm, date, date]:
    """The chosen days (both included), else the last 30 days up to today (Asia/Almaty)."""
    today = timezone.localtime(timezone.now()).date()
    end, start = today, today - timedelta(days=DEFAULT_DAYS - 1)
    form = PeriodForm(request.GET or None)
    if form.is_valid():
        end = form.cleaned_data["end"] or end
        start = form.cleaned_data["start"] or end - timedelta(days=DEFAULT_DAYS - 1)
    return form, min(start, end), max(start, end)


def _halls(request: HttpRequest):  # type: ignore[no-untyped-def]
    return (
        Hall.objects.filter(permissions.halls_q(request.user))
        .select_related("akimat__territory")
        .order_by("akimat__territory__path")
    )


def _hall(request: HttpRequest, hall_id: int) -> Hall:
    hall = get_object_or_404(_halls(request), pk=hall_id)
    if not permissions.can_view(request.user, hall):
        raise PermissionDenied
    return hall


@require_GET
@never_cache
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_queue(request.user):
        raise PermissionDenied
    halls = list(_halls(request))
    if len(halls) == 1:
        return redirect("queue_figures:hall", hall_id=halls[0].pk)
    return render(request, "queueing/figures/index.html", {"halls": halls})


@require_GET
@never_cache
@staff_required
def hall_page(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = _hall(request, hall_id)
    form, start, end = period(request)
    result = figures.hall_figures(hall, start, end)
    return render(
        request,
        "queueing/figures/hall.html",
        {
            "hall": hall,
            "form": form,
            "figures": result,
            "halls": _halls(request),
            "query": request.GET.urlencode(),
            "total_rows": [result.total],
            "tables": [
                ("categories", _("By category"), _("Category"), result.categories),
                ("desks", _("By desk"), _("Desk"), result.desks),
                ("hours", _("By hour of the day"), _("Hour taken"), result.hours),
            ],
        },
    )


def _minutes(value: float | None) -> str:
    return "" if value is None else f"{value / 60:.1f}"


@require_GET
@never_cache
@staff_required
def hall_csv(request: HttpRequest, hall_id: int) -> HttpResponse:
    hall = _hall(request, hall_id)
    _form, start, end = period(request)
    result = figures.hall_figures(hall, start, end)
    out = io.StringIO()
    writer = csv.writer(out)
    measures = ("count", "mean", "median", "p90")
    writer.writerow(
        [
            "group",
            "key",
            "issued",
            "done",
            "no_show",
            "cancelled",
            "no_show_rate",
            *(f"wait_{m}" + ("" if m == "count" else "_minutes") for m in measures),
            *(f"service_{m}" + ("" if m == "count" else "_minutes") for m in measures),
        ]
    )
    groups = [("total", [result.total]), ("category", result.categories), ("desk", result.desks)]
    for group, rows in [*groups, ("hour", result.hours)]:
        for row in rows:
            rate = "" if row.no_show_rate is None else f"{row.no_show_rate:.4f}"
            durations = []
            for d in (row.wait, row.service):
                durations += [str(d.count), _minutes(d.mean), _minutes(d.median), _minutes(d.p90)]
            key = "" if group == "total" else (row.label.split(" ")[0] if group == "category" else row.label)
            writer.writerow([group, key, row.issued, row.done, row.no_show, row.cancelled, rate, *durations])
    response = HttpResponse(out.getvalue().encode("utf-8-sig"), content_type="text/csv; charset=utf-8")
    name = f"queue-{hall.akimat.territory.kato}-{start.isoformat()}-{end.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
