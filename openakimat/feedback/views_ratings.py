"""The residents' rating pages (docs/ratings.md): from the tracking page of an issued application
(number and tracking code posted again), from the page of a finished queue ticket (its token) and
from the SMS link (its token); and the staff's list of comments, with no personal data.

Failed look-ups count towards the same limit as the tracking page's (common.ratelimit), so the
rating form can't be used to guess codes. Every answer is `no-store`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openakimat.accounts.views import staff_required
from openakimat.applications.models import Application
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.common.models import localized
from openakimat.common.ratelimit import RateLimited, check_tracking_failures, record_tracking_failure
from openakimat.queueing.models import Ticket

from . import permissions
from .forms_ratings import ApplicationRatingForm, RatingForm
from .models import Rating
from .services import ratings as services


def _page(request: HttpRequest, template: str, status: int = 200, **context: object) -> HttpResponse:
    return render(request, f"feedback/ratings/{template}", context, status=status)


def _guarded(request: HttpRequest) -> HttpResponse | None:
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        response = _page(request, "done.html", status=429, message=_("Too many attempts. Please try again later."))
        response["Retry-After"] = str(exc.retry_after)
        return response
    return None


def _not_found(request: HttpRequest) -> HttpResponse:
    record_tracking_failure(request)
    raise Http404


def _subject_name(application: Application | None = None, ticket: Ticket | None = None) -> str:
    if application is not None:
        return localized(application.service, "name")
    if ticket is not None and ticket.application_id:
        return localized(ticket.application.service, "name")
    return _("Your visit to the front office (ticket %(code)s)") % {"code": ticket.code if ticket else ""}


def _submit(request: HttpRequest, form: RatingForm, status_form: int = 400, **target) -> HttpResponse:
    """Validate, rate, and answer: thanks (200), the form again (400), 403 or 409."""
    subject = _subject_name(**target)
    if form.is_valid():
        try:
            services.rating_submit(score=form.cleaned_data["score"], comment=form.cleaned_data["comment"], **target)
        except ConflictError as exc:
            return _page(request, "done.html", status=409, message=str(exc), subject=subject)
        except PermissionDenied as exc:
            return _page(request, "done.html", status=403, message=str(exc), subject=subject)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _page(
                request,
                "done.html",
                message=_("Thank you. Your rating has been counted."),
                subject=subject,
                thanks=True,
            )
    return _page(request, "rate.html", status=status_form, form=form, subject=subject)


@never_cache
@require_POST
def rate_application(request: HttpRequest) -> HttpResponse:
    if (limited := _guarded(request)) is not None:
        return limited
    form = ApplicationRatingForm(request.POST)
    application = services.application_for_rating(
        number=request.POST.get("number", ""), tracking_code=request.POST.get("tracking_code", "")
    )
    if application is None:
        return _not_found(request)
    return _submit(request, form, application=application)


def _rate_by_token(request: HttpRequest, **target) -> HttpResponse:
    rated = services.rating_of(
        application_id=target["application"].pk if "application" in target else None,
        ticket_id=target["ticket"].pk if "ticket" in target else None,
    )
    if rated is not None:
        return _page(request, "done.html", status=409, message=services.already_rated_message())
    if request.method == "POST":
        return _submit(request, RatingForm(request.POST), **target)
    return _page(request, "rate.html", form=RatingForm(), subject=_subject_name(**target))


@never_cache
@require_http_methods(["GET", "POST"])
def rate_visit(request: HttpRequest, token: str) -> HttpResponse:
    if (limited := _guarded(request)) is not None:
        return limited
    ticket = services.ticket_for_rating(token=token)
    if ticket is None:
        return _not_found(request)
    return _rate_by_token(request, ticket=ticket)


@never_cache
@require_http_methods(["GET", "POST"])
def rate_invite(request: HttpRequest, token: str) -> HttpResponse:
    if (limited := _guarded(request)) is not None:
        return limited
    invite = services.invite_find(token=token)
    if invite is None:
        return _not_found(request)
    return _rate_by_token(request, application=invite.application)


@never_cache
@staff_required
@require_GET
def staff_comments(request: HttpRequest) -> HttpResponse:
    """The comments of the akimats within the reader's grants: score, service, day and text only."""
    if not permissions.can_read_rating_comments(request.user):
        raise PermissionDenied
    ratings = (
        Rating.objects.filter(permissions.rating_comments_q(request.user))
        .exclude(comment="")
        .select_related("service", "department", "akimat")
    )
    page = Paginator(ratings, 50).get_page(request.GET.get("page"))
    return _page(request, "staff.html", page=page, ratings=page.object_list)
