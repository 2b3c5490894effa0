"""The back office's pages: the receptions in one's scope, planning one, and a reception's page with
its sign-ups (names and phones, for those the policy lets see them), attendance, the problems raised
and their instructions. Every write goes through a service, which checks the policy again."""

from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.common.policy import NOTHING
from openakimat.territory.models import Akimat, Department, Territory

from . import permissions, selectors, services
from .forms import AssignForm, CancelForm, MarkForm, PlanForm, ProblemForm
from .models import RaisedProblem, Reception
from .services._common import VILLAGE_LEVELS


def _villages(akimat_paths):
    return Territory.objects.filter(path__startswith=akimat_paths, level__in=VILLAGE_LEVELS).order_by("path")


def _departments(reception: Reception):
    return Department.objects.filter(
        akimat__territory__path__startswith=reception.akimat.territory.path, is_active=True
    ).select_related("akimat")


def _problem_form(reception: Reception, data=None) -> ProblemForm:
    form = ProblemForm(
        data,
        reception=reception,
        villages=_villages(reception.akimat.territory.path),
        departments=_departments(reception),
        signups=reception.signups.exclude(status="cancelled"),
    )
    form.fields["signup"].label_from_instance = lambda s: s.name
    return form


@require_GET
@never_cache
@staff_required
def reception_list(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_receptions(request.user):
        raise PermissionDenied
    context = {
        "upcoming": list(selectors.staff_receptions(actor=request.user)[:100]),
        "past": list(selectors.staff_receptions(actor=request.user, upcoming=False)[:50]),
        "can_plan": permissions.can_plan_any(request.user),
    }
    return render(request, "receptions/staff/list.html", context)


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def reception_new(request: HttpRequest) -> HttpResponse:
    if not permissions.can_plan_any(request.user):
        raise PermissionDenied
    akimats = Akimat.objects.filter(permissions.plannable_akimats_q(request.user)).select_related("territory")
    paths = [a.territory.path for a in akimats]
    within = reduce(or_, (Q(path__startswith=p) for p in paths), NOTHING)
    villages = Territory.objects.filter(within, level__in=VILLAGE_LEVELS)
    form = PlanForm(request.POST or None, akimats=akimats, villages=villages.order_by("path"))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = dict(form.cleaned_data)
            akimat = data.pop("akimat")
            try:
                reception = services.reception_plan(
                    actor=request.user, akimat=akimat, plan=services.ReceptionPlan(**data)
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("receptions-staff:detail", reception=reception.pk)
        status = 400
    return render(request, "receptions/staff/new.html", {"form": form}, status=status)


def _detail_page(request: HttpRequest, reception: Reception, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    context = {
        "reception": reception,
        "signups": selectors.staff_signups(reception),
        "results": selectors.reception_results(reception),
        "can_manage": permissions.can_manage_signups(user, reception),
        "can_record": permissions.can_record_problems(user, reception),
        "can_cancel": permissions.can_cancel(user, reception),
        "can_close": permissions.can_close(user, reception),
        "problem_form": forms.get("problem_form") or _problem_form(reception),
        "assign_form": forms.get("assign_form") or AssignForm(departments=_departments(reception)),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "problem": forms.get("problem", ""),
    }
    return render(request, "receptions/staff/detail.html", context, status=status)


@require_GET
@never_cache
@staff_required
def reception_detail(request: HttpRequest, reception: int) -> HttpResponse:
    found = selectors.staff_reception(actor=request.user, pk=reception)
    if not permissions.can_view(request.user, found):
        raise PermissionDenied
    return _detail_page(request, found)


def _writable(request: HttpRequest, pk: int, allowed) -> Reception:
    reception = selectors.staff_reception(actor=request.user, pk=pk)
    if not allowed(request.user, reception):
        raise PermissionDenied
    return reception


def _after(request: HttpRequest, reception: Reception) -> HttpResponse:
    return redirect("receptions-staff:detail", reception=reception.pk)


@require_POST
@staff_required
def signup_mark(request: HttpRequest, reception: int) -> HttpResponse:
    found = _writable(request, reception, permissions.can_manage_signups)
    form = MarkForm(request.POST, reception=found)
    if not form.is_valid():
        return _detail_page(request, found, status=400, problem=_("Choose a resident and a mark."))
    try:
        services.signup_mark(actor=request.user, signup=form.cleaned_data["signup"], move=form.cleaned_data["move"])
    except ConflictError as exc:
        return _detail_page(request, found, status=409, problem=str(exc))
    return _after(request, found)


@require_POST
@staff_required
def problem_record(request: HttpRequest, reception: int) -> HttpResponse:
    found = _writable(request, reception, permissions.can_record_problems)
    form = _problem_form(found, request.POST)
    if form.is_valid():
        try:
            services.problem_record(actor=request.user, reception=found, **form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            return _after(request, found)
    return _detail_page(request, found, status=400, problem_form=form)


@require_POST
@staff_required
def problem_assign(request: HttpRequest, reception: int) -> HttpResponse:
    found = _writable(request, reception, permissions.can_record_problems)
    form = AssignForm(request.POST, departments=_departments(found))
    if form.is_valid():
        problem = RaisedProblem.objects.filter(reception=found, pk=form.cleaned_data["problem"]).first()
        if problem is None:
            form.add_error(None, _("Choose a problem of this reception."))
        else:
            data = {k: form.cleaned_data[k] for k in ("title", "department", "deadline")}
            try:
                services.problem_assign(actor=request.user, problem=problem, **data)
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                return _after(request, found)
    return _detail_page(request, found, status=400, assign_form=form)


@require_POST
@staff_required
def reception_cancel(request: HttpRequest, reception: int) -> HttpResponse:
    found = _writable(request, reception, permissions.can_cancel)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            services.reception_cancel(actor=request.user, reception=found, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ConflictError as exc:
            return _detail_page(request, found, status=409, problem=str(exc))
        else:
            return _after(request, found)
    return _detail_page(request, found, status=400, cancel_form=form)


@require_POST
@staff_required
def reception_close(request: HttpRequest, reception: int) -> HttpResponse:
    found = _writable(request, reception, permissions.can_close)
    try:
        services.reception_close(actor=request.user, reception=found)
    except ConflictError as exc:
        return _detail_page(request, found, status=409, problem=str(exc))
    return _after(request, found)
