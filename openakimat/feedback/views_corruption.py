"""The residents' pages of the corruption reports: file one, see it by its tracking code, add to it.

Nothing here reads who is asking. The one exception is the rate limits (`common.ratelimit`): they
count requests under a keyed hash of the client's address in the cache, for an hour, and nothing
there names a report. No session is used (no cookie but the CSRF token, which names nothing), the
code travels only in POST bodies (never in an address, so never in an access log), and every
answer says `Cache-Control: no-store` and is left out of the page cache.
"""

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from openakimat.common import ratelimit
from openakimat.common.errors import TemporarilyUnavailable
from openakimat.common.forms import add_service_errors

from .forms_corruption import AddInformationForm, CodeForm, ReportForm
from .models import CorruptionReport
from .services import corruption as services

SUBMISSIONS = "corruption-submit"
SUBMISSIONS_PER_HOUR = 10
ADDITIONS = "corruption-add"
ADDITIONS_PER_HOUR = 30


def _too_many(request: HttpRequest, exc: Exception) -> HttpResponse:
    retry = getattr(exc, "retry_after", 300)
    context = {
        "minutes": getattr(exc, "retry_after_minutes", 5),
        "unavailable": not isinstance(exc, ratelimit.RateLimited),
    }
    response = render(
        request, "feedback/corruption/wait.html", context, status=429 if not context["unavailable"] else 503
    )
    response["Retry-After"] = str(retry)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def report_new(request: HttpRequest) -> HttpResponse:
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            ratelimit.hit(SUBMISSIONS, request, limit=SUBMISSIONS_PER_HOUR)
            report, code = services.report_submit(
                akimat=form.cleaned_data["akimat"],
                text=form.cleaned_data["text"],
                contact=form.cleaned_data["contact"],
                files=form.files_sent(),
            )
        except (ratelimit.RateLimited, TemporarilyUnavailable) as exc:
            return _too_many(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc, {"files": "file_1"})
        else:
            context = {"code": services.show_code(code), "report": report}
            return render(request, "feedback/corruption/filed.html", context)
    status = 400 if request.method == "POST" else 200
    return render(request, "feedback/corruption/new.html", {"form": form}, status=status)


def _report_page(request: HttpRequest, report: CorruptionReport, code: str, form=None, status=200, **extra):
    context = {
        "report": report,
        "additions": list(report.additions.prefetch_related("files")),
        "closed": report.status == services.S.CLOSED,
        "form": form or AddInformationForm(initial={"code": code}),
        **extra,
    }
    return render(request, "feedback/corruption/status.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def report_track(request: HttpRequest) -> HttpResponse:
    form = CodeForm(request.POST or None)
    if request.method == "POST":
        try:
            ratelimit.check_tracking_failures(request)
        except ratelimit.RateLimited as exc:
            return _too_many(request, exc)
        if not form.is_valid():
            return render(request, "feedback/corruption/track.html", {"form": form}, status=400)
        report = services.report_find(code=form.cleaned_data["code"])
        if report is not None:
            return _report_page(request, report, form.cleaned_data["code"])
        ratelimit.record_tracking_failure(request)
        form.add_error("code", _("No report has this tracking code. Check it and try again."))
        return render(request, "feedback/corruption/track.html", {"form": form}, status=404)
    return render(request, "feedback/corruption/track.html", {"form": form})


@never_cache
@require_POST
def report_add(request: HttpRequest) -> HttpResponse:
    form = AddInformationForm(request.POST, request.FILES)
    code = request.POST.get("code", "")
    try:
        ratelimit.check_tracking_failures(request)
    except ratelimit.RateLimited as exc:
        return _too_many(request, exc)
    report = services.report_find(code=code)
    if report is None:
        ratelimit.record_tracking_failure(request)
        lookup = CodeForm()
        return render(request, "feedback/corruption/track.html", {"form": lookup, "lost": True}, status=404)
    if form.is_valid():
        try:
            ratelimit.hit(ADDITIONS, request, limit=ADDITIONS_PER_HOUR)
            report = services.report_add_information(code=code, text=form.cleaned_data["text"], files=form.files_sent())
        except (ratelimit.RateLimited, TemporarilyUnavailable) as exc:
            return _too_many(request, exc)
        except ValidationError as exc:
            add_service_errors(form, exc, {"files": "file_1"})
        else:
            return _report_page(request, report, code, added=True)
    return _report_page(request, report, code, form=form, status=400)
