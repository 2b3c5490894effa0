"""The residents' side of the comments: the block on each commented page, the form (with its
CAPTCHA and rate limits) and "report this comment". Nothing here shows an e-mail address.

The block on a page (a budget project, a meeting…) holds no form: a form with a CSRF token and a
CAPTCHA (a stored challenge per showing) would keep those pages out of the page cache and write a
row for every reader. It links to the form's own page instead, which works the same without
JavaScript and comes back to the page with the comment."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openakimat.common import ratelimit
from openakimat.common.client_address import client_ip
from openakimat.common.errors import TemporarilyUnavailable
from openakimat.common.forms import add_service_errors

from . import selectors_comments as selectors
from .comment_targets import TARGETS, kind_of
from .forms_comments import IMAGE, TEXT, CommentForm
from .services import comments as services

SUBMISSIONS = "comment-submit"
REPORTS = "comment-report"


def comments_block(request: HttpRequest | None, obj) -> str:
    """The page extra of every commented page: its published comments and the way to write one."""
    kind = kind_of(obj)
    if kind is None:
        return ""
    context = {"kind": kind, "target_id": obj.pk, "comments": list(selectors.published_comments(kind, obj.pk))}
    return render_to_string("feedback/comments/_block.html", context, request=request)


def _target(kind: str, target_id: int):
    target = TARGETS.get(kind)
    obj = target.find(target_id) if target else None
    if target is None or obj is None:
        raise Http404
    return target, obj


def _too_many(request: HttpRequest, exc: Exception, back: str) -> HttpResponse:
    limited = isinstance(exc, ratelimit.RateLimited)
    context = {"minutes": getattr(exc, "retry_after_minutes", 5), "unavailable": not limited, "back": back}
    response = render(request, "feedback/comments/wait.html", context, status=429 if limited else 503)
    response["Retry-After"] = str(getattr(exc, "retry_after", 300))
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def comment_new(request: HttpRequest, kind: str, target_id: int) -> HttpResponse:
    target, obj = _target(kind, target_id)
    mode = (request.POST.get("captcha_mode") if request.method == "POST" else request.GET.get("captcha")) or IMAGE
    mode = TEXT if mode == TEXT else IMAGE
    back = target.url(obj)
    form = CommentForm(request.POST or None, mode=mode)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                ratelimit.hit(SUBMISSIONS, request, limit=settings.COMMENTS_PER_HOUR)
                ratelimit.hit_for(SUBMISSIONS, services.email_hash(data["email"]), limit=settings.COMMENTS_PER_HOUR)
                comment = services.comment_submit(
                    kind=kind, target_id=obj.pk, name=data["author_name"], email=data["email"], text=data["text"]
                )
            except (ratelimit.RateLimited, TemporarilyUnavailable) as exc:
                return _too_many(request, exc, back)
            except ValidationError as exc:
                add_service_errors(form, exc)
                # The CAPTCHA was used up: show a new one with the errors.
                form = _again(form, mode)
            else:
                context = {"back": back, "target_title": target.title(obj), "comment": comment}
                return render(request, "feedback/comments/sent.html", context)
        else:
            form = _again(form, mode)
    context = {
        "form": form,
        "kind": kind,
        "target_id": obj.pk,
        "target_title": target.title(obj),
        "label": target.label,
        "back": back,
        "mode": mode,
        "other_mode": IMAGE if mode == TEXT else TEXT,
        "premoderation": settings.COMMENTS_PREMODERATION,
    }
    return render(request, "feedback/comments/new.html", context, status=status)


def _again(form: CommentForm, mode: str) -> CommentForm:
    """The same answers with their errors, and a fresh challenge (each is good for one try)."""
    data = form.data.copy()
    for key in ("captcha_0", "captcha_1"):
        data.pop(key, None)
    fresh = CommentForm(data, mode=mode)
    fresh._errors = form.errors  # the first try's errors, not the new challenge's "required"
    return fresh


@never_cache
@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, pk: int) -> HttpResponse:
    comment = selectors.public_comment(pk)
    target, obj = _target(comment.target_kind, comment.target_id)
    back = target.url(obj)
    if request.method == "POST":
        try:
            ratelimit.hit(REPORTS, request, limit=settings.COMMENT_REPORTS_PER_HOUR)
        except (ratelimit.RateLimited, TemporarilyUnavailable) as exc:
            return _too_many(request, exc, back)
        services.comment_report(comment_id=comment.pk, client=client_ip(request))
        return render(request, "feedback/comments/reported.html", {"back": back})
    return render(
        request, "feedback/comments/report.html", {"comment": comment, "back": back, "target_title": target.title(obj)}
    )
