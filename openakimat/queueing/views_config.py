"""The hall's configuration page for its administrators: the rules, the categories, the desks,
the priority groups, and each desk's week of hours on a page of its own. Each form posts to its own
address; a service's refusal comes back on the page with the form's errors (400) or the conflict's
message (409)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors

from . import permissions, services
from . import selectors_staff as selectors
from .forms_staff import WEEKDAYS, CategoryForm, DayFormSet, DeskForm, HallForm, PriorityForm, hours_initial
from .models import Category, Desk, Hall, PriorityGroup


def _hall(request: HttpRequest, pk: int) -> Hall:
    found = selectors.staff_hall(actor=request.user, pk=pk)
    if not permissions.can_configure(request.user, found):
        raise PermissionDenied
    return found


def _page(request: HttpRequest, hall: Hall, *, status: int = 200, problem: str = "", bound=None) -> HttpResponse:
    """The whole page; `bound` = (key, form) puts back the form that came with errors."""
    key, form = bound or ("", None)

    def pick(name, make):
        return form if key == name else make()

    categories = list(hall.categories.prefetch_related("offerings").order_by("order", "letter"))
    desks = list(selectors.desks(hall))
    groups = list(hall.priority_groups.all())
    context = {
        "hall": hall,
        "problem": problem,
        "hall_form": pick("hall", lambda: HallForm(instance=hall, prefix="hall")),
        "categories": [
            (c, pick(f"cat{c.pk}", lambda c=c: CategoryForm(hall=hall, instance=c, prefix=f"cat{c.pk}")))
            for c in categories
        ],
        "new_category": pick("cat", lambda: CategoryForm(hall=hall, prefix="cat")),
        "desks": [
            (d, pick(f"desk{d.pk}", lambda d=d: DeskForm(hall=hall, instance=d, prefix=f"desk{d.pk}"))) for d in desks
        ],
        "new_desk": pick("desk", lambda: DeskForm(hall=hall, prefix="desk")),
        "groups": [
            (g, pick(f"group{g.pk}", lambda g=g: PriorityForm(instance=g, prefix=f"group{g.pk}"))) for g in groups
        ],
    }
    return render(request, "queueing/staff/configure.html", context, status=status)


def _saved(hall: Hall, anchor: str) -> HttpResponse:
    response = redirect("queue_staff:configure", hall=hall.pk)
    response["Location"] += f"#{anchor}"
    return response


@require_GET
@never_cache
@staff_required
def configure(request: HttpRequest, hall: int) -> HttpResponse:
    return _page(request, _hall(request, hall))


@require_POST
@never_cache
@staff_required
def rules(request: HttpRequest, hall: int) -> HttpResponse:
    found = _hall(request, hall)
    form = HallForm(request.POST, instance=found, prefix="hall")
    if form.is_valid():
        try:
            services.hall_configure(actor=request.user, hall=found, values=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _saved(found, "rules-heading")
    return _page(request, found, status=400, bound=("hall", form))


@require_POST
@never_cache
@staff_required
def category(request: HttpRequest, hall: int, category: int | None = None) -> HttpResponse:
    found = _hall(request, hall)
    instance = get_object_or_404(Category, pk=category, hall=found) if category else None
    key = f"cat{instance.pk}" if instance else "cat"
    form = CategoryForm(request.POST, hall=found, instance=instance, prefix=key)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.category_save(
                actor=request.user, hall=found, values=data, offerings=data["offerings"], category=instance
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _saved(found, "categories-heading")
    return _page(request, found, status=400, bound=(key, form))


@require_POST
@never_cache
@staff_required
def desk(request: HttpRequest, hall: int, desk: int | None = None) -> HttpResponse:
    found = _hall(request, hall)
    instance = get_object_or_404(Desk, pk=desk, hall=found) if desk else None
    key = f"desk{instance.pk}" if instance else "desk"
    form = DeskForm(request.POST, hall=found, instance=instance, prefix=key)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.desk_save(
                actor=request.user,
                hall=found,
                number=data["number"],
                categories=data["categories"],
                is_active=data["is_active"],
                desk=instance,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        except ConflictError as exc:
            return _page(request, found, status=409, problem=str(exc), bound=(key, form))
        else:
            messages.success(request, _("Saved."))
            return _saved(found, "desks-heading")
    return _page(request, found, status=400, bound=(key, form))


@require_POST
@never_cache
@staff_required
def desk_remove(request: HttpRequest, hall: int, desk: int) -> HttpResponse:
    found = _hall(request, hall)
    instance = get_object_or_404(Desk, pk=desk, hall=found)
    try:
        services.desk_remove(actor=request.user, desk=instance)
    except ConflictError as exc:
        return _page(request, found, status=409, problem=str(exc))
    messages.success(request, _("The desk is removed."))
    return _saved(found, "desks-heading")


@require_POST
@never_cache
@staff_required
def priority(request: HttpRequest, hall: int, group: int) -> HttpResponse:
    found = _hall(request, hall)
    instance = get_object_or_404(PriorityGroup, pk=group, hall=found)
    key = f"group{instance.pk}"
    form = PriorityForm(request.POST, instance=instance, prefix=key)
    if form.is_valid():
        try:
            services.priority_group_update(actor=request.user, group=instance, values=form.cleaned_data)
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return _saved(found, "priorities-heading")
    return _page(request, found, status=400, bound=(key, form))


@never_cache
@staff_required
@require_http_methods(["GET", "POST"])
def hours(request: HttpRequest, hall: int, desk: int) -> HttpResponse:
    found = _hall(request, hall)
    instance = get_object_or_404(Desk, pk=desk, hall=found)
    formset = DayFormSet(request.POST or None, initial=hours_initial(instance), prefix="day")
    status = 200
    if request.method == "POST":
        if formset.is_valid():
            days = [
                services.DayHours(
                    weekday=weekday,
                    opens=f.cleaned_data["opens"],
                    closes=f.cleaned_data["closes"],
                    break_starts=f.cleaned_data.get("break_starts"),
                    break_ends=f.cleaned_data.get("break_ends"),
                )
                for weekday, f in enumerate(formset.forms)
                if f.cleaned_data.get("open")
            ]
            try:
                services.desk_hours_set(actor=request.user, desk=instance, days=days)
            except ValidationError as exc:
                _day_errors(formset, exc)
            else:
                messages.success(request, _("Saved."))
                return _saved(found, "desks-heading")
        status = 400
        if len(formset.forms) != len(WEEKDAYS):  # a post without the formset's own fields
            formset = DayFormSet(initial=hours_initial(instance), prefix="day")
    rows = list(zip(WEEKDAYS, formset.forms, strict=True))
    context = {"hall": found, "desk": instance, "formset": formset, "rows": rows}
    return render(request, "queueing/staff/hours.html", context, status=status)


def _day_errors(formset, exc: ValidationError) -> None:
    """The service keys its errors "weekday:field": each goes on that day's row."""
    for key, messages_ in exc.message_dict.items():
        day, _sep, name = key.partition(":")
        if day.isdigit() and int(day) < len(formset.forms):
            form = formset.forms[int(day)]
            form.add_error(name if name in form.fields else None, messages_)
        else:
            formset.forms[0].add_error(None, messages_)
