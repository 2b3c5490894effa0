"""The moderators' queue of residents' comments: what waits, what residents' reports hid, what is
published, hidden or rejected, each with its decisions; approve, reject, hide or restore. Only the
moderators and administrators of the akimat that owns the commented record reach a comment."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.errors import ConflictError

from . import permissions_comments as permissions
from . import selectors_comments as selectors
from .comment_targets import TARGETS
from .forms_comments import ModerationForm
from .models import ModerationAction
from .services import comments as services

TABS = (
    ("pending", gettext_lazy("Awaiting moderation")),
    ("flagged", gettext_lazy("Hidden by residents' reports")),
    ("published", gettext_lazy("Published")),
    ("hidden", gettext_lazy("Hidden")),
    ("rejected", gettext_lazy("Rejected")),
)
# What a moderator may do from each status (services.comments.MOVES decides).
ACTIONS = {
    a: services.MOVES[a]
    for a in (ModerationAction.APPROVE, ModerationAction.REJECT, ModerationAction.HIDE, ModerationAction.RESTORE)
}


def _allowed(request: HttpRequest) -> None:
    if not permissions.can_open_moderation(request.user):
        raise PermissionDenied


def _row(comment) -> dict:
    target = TARGETS.get(comment.target_kind)
    obj = target.find(comment.target_id) if target else None
    return {
        "comment": comment,
        "label": target.label if target else comment.target_kind,
        "title": target.title(obj) if obj is not None and target else "",
        "url": target.url(obj) if obj is not None and target else "",
        "actions": [(a, a.label, needs) for a, (leaves, _to, needs) in ACTIONS.items() if comment.status in leaves],
        "decisions": list(comment.decisions.select_related("actor")[:10]),
    }


def _queue(request: HttpRequest, *, status: int = 200, failed: int | None = None, form=None) -> HttpResponse:
    queue = request.GET.get("queue") or request.POST.get("queue") or "pending"
    if queue not in selectors.QUEUES:
        queue = "pending"
    page = Paginator(selectors.moderation_queue(actor=request.user, queue=queue), 25).get_page(request.GET.get("page"))
    counts = selectors.moderation_counts(actor=request.user)
    context = {
        "tabs": [(key, label, counts[key]) for key, label in TABS],
        "queue": queue,
        "page": page,
        "rows": [_row(c) for c in page.object_list],
        "failed": failed,
        "failed_form": form,
    }
    return render(request, "feedback/comments/staff/queue.html", context, status=status)


@never_cache
@staff_required
@require_GET
def moderation_queue(request: HttpRequest) -> HttpResponse:
    _allowed(request)
    return _queue(request)


@never_cache
@staff_required
@require_POST
def moderation_decide(request: HttpRequest, comment_id: int) -> HttpResponse:
    _allowed(request)
    comment = selectors.staff_comment(actor=request.user, pk=comment_id)
    form = ModerationForm(request.POST)
    form.fields["action"].choices = [(a, a) for a in ACTIONS]
    queue = request.POST.get("queue", "pending")
    if form.is_valid():
        try:
            services.comment_moderate(
                actor=request.user,
                comment_id=comment.pk,
                action=form.cleaned_data["action"],
                reason=form.cleaned_data["reason"],
                version=form.cleaned_data["version"],
            )
        except ConflictError as exc:
            form.add_error(None, str(exc))
            return _queue(request, status=409, failed=comment.pk, form=form)
        except ValidationError as exc:
            form.add_error(
                "reason", exc.message_dict.get("reason", exc.messages) if hasattr(exc, "error_dict") else exc.messages
            )
        else:
            messages.success(request, _("Decision saved."))
            return redirect(
                f"{reverse('comments-staff:queue')}?queue={queue if queue in selectors.QUEUES else 'pending'}"
            )
    return _queue(request, status=400, failed=comment.pk, form=form)
