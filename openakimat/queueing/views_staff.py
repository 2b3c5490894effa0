"""The queue's staff pages: the halls, a hall's day (waiting counts, desks, tickets) and the
operator's desk screen. Plain forms posted and redirected (post/redirect/get): no script needed.
A refused action comes back on the page: a conflict with its message and 409, a form with errors
with 400, a permission refused with 403."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.catalogue.models import ServiceOffering
from openakimat.common.errors import ConflictError
from openakimat.common.forms import add_service_errors
from openakimat.territory.models import Akimat

from . import permissions, services
from . import selectors_staff as selectors
from .forms_staff import CancelForm, RedirectForm
from .models import Desk, Hall, Ticket, TicketStatus
from .origins import KIND


@require_GET
@never_cache
@staff_required
def halls(request: HttpRequest) -> HttpResponse:
    if not permissions.can_open_queue(request.user):
        raise PermissionDenied
    context = {
        "halls": list(selectors.staff_halls(actor=request.user)),
        "setup": list(selectors.akimats_without_hall(actor=request.user)),
    }
    return render(request, "queueing/staff/halls.html", context)


@require_POST
@never_cache
@staff_required
def hall_setup(request: HttpRequest) -> HttpResponse:
    if not selectors.may_set_up(actor=request.user):
        raise PermissionDenied
    chosen = request.POST.get("akimat", "")
    akimat = Akimat.objects.select_related("territory").filter(pk=chosen).first() if chosen.isdigit() else None
    if akimat is None:
        messages.error(request, _("Choose the akimat whose queue to set up."))
        return redirect("queue_staff:halls")
    hall = services.hall_setup(actor=request.user, akimat=akimat)
    messages.success(request, _("The queue is set up: check its categories and add its desks."))
    return redirect("queue_staff:configure", hall=hall.pk)


@require_GET
@never_cache
@staff_required
def hall(request: HttpRequest, hall: int) -> HttpResponse:
    found = selectors.staff_hall(actor=request.user, pk=hall)
    context = {
        "hall": found,
        "categories": selectors.categories_with_waiting(found),
        "desks": list(selectors.desks(found)),
        "tickets": list(selectors.day_tickets(found)),
        "can_configure": permissions.can_configure(request.user, found),
        "can_operate": permissions.can_operate(request.user, found),
    }
    return render(request, "queueing/staff/hall.html", context)


# --- the desk screen ---------------------------------------------------------------------------


def _desk(request: HttpRequest, hall: int, desk_number: int) -> Desk:
    found = selectors.staff_hall(actor=request.user, pk=hall)
    if not permissions.can_operate(request.user, found):
        raise PermissionDenied
    return selectors.desk_get(found, desk_number)


def _desk_page(request: HttpRequest, desk: Desk, *, status: int = 200, problem: str = "", **forms) -> HttpResponse:
    hall: Hall = desk.hall
    current = selectors.current_ticket(desk)
    mine = desk.operator_id == request.user.pk
    served = desk.categories.all()
    context = {
        "hall": hall,
        "desk": desk,
        "mine": mine,
        "current": current,
        "needed": hall.recalls_before_no_show,
        "may_no_show": current is not None and current.recalls >= hall.recalls_before_no_show,
        "categories": selectors.categories_with_waiting(hall, only=served),
        "for_desk": selectors.waiting_for_desk(desk),
        "unlinked": selectors.unlinked_served(desk, request.user) if mine and current is None else None,
        "redirect_form": forms.get("redirect_form") or RedirectForm(desk=desk),
        "cancel_form": forms.get("cancel_form") or CancelForm(),
        "problem": problem,
    }
    return render(request, "queueing/staff/desk.html", context, status=status)


@require_GET
@never_cache
@staff_required
def desk(request: HttpRequest, hall: int, desk_number: int) -> HttpResponse:
    return _desk_page(request, _desk(request, hall, desk_number))


def _current(request: HttpRequest, desk: Desk) -> Ticket:
    ticket = Ticket.objects.filter(pk=request.POST.get("ticket") or 0, desk=desk).first()
    if ticket is None:
        raise ConflictError(_("This ticket is no longer at your desk."))
    return ticket


def _register_url(request: HttpRequest, desk: Desk, ticket: Ticket) -> str:
    offerings = list(ticket.category.offerings.values_list("pk", flat=True)[:2])
    if len(offerings) == 1:
        query = urlencode({"offering": offerings[0], "origin": f"{KIND}:{ticket.pk}"})
        return f"{reverse('cases:new')}?{query}"
    return reverse(
        "queue_staff:register", kwargs={"hall": desk.hall_id, "desk_number": desk.number, "ticket": ticket.pk}
    )


ACTIONS = {
    "recall": services.ticket_recall,
    "start": services.ticket_start,
    "finish": services.ticket_finish,
    "no-show": services.ticket_no_show,
}


@require_POST
@never_cache
@staff_required
def desk_act(request: HttpRequest, hall: int, desk_number: int, action: str) -> HttpResponse:
    found = _desk(request, hall, desk_number)
    back = redirect("queue_staff:desk", hall=hall, desk_number=desk_number)
    redirect_form = cancel_form = None
    try:
        if action == "sign-in":
            services.desk_sign_in(actor=request.user, desk=found)
        elif action == "sign-out":
            services.desk_sign_out(actor=request.user, desk=found)
        elif action == "call":
            called = services.ticket_call_next(actor=request.user, desk=found)
            if called is None:
                messages.info(request, _("Nobody is waiting for this desk."))
        elif action in ACTIONS:
            ACTIONS[action](actor=request.user, ticket=_current(request, found))
        elif action == "finish-register":
            ticket = services.ticket_finish(actor=request.user, ticket=_current(request, found))
            return redirect(_register_url(request, found, ticket))
        elif action == "redirect":
            redirect_form = RedirectForm(request.POST, desk=found)
            if not redirect_form.is_valid():
                return _desk_page(request, found, status=400, redirect_form=redirect_form)
            services.ticket_redirect(
                actor=request.user,
                ticket=_current(request, found),
                category=redirect_form.cleaned_data["category"],
                desk=redirect_form.cleaned_data["desk"],
            )
        elif action == "cancel":
            cancel_form = CancelForm(request.POST)
            if not cancel_form.is_valid():
                return _desk_page(request, found, status=400, cancel_form=cancel_form)
            services.ticket_cancel(actor=request.user, ticket=_waiting(found, cancel_form.cleaned_data["code"]))
        else:
            return _desk_page(request, found, status=404, problem=_("Unknown action."))
    except ConflictError as exc:
        return _desk_page(request, found, status=409, problem=str(exc))
    except ValidationError as exc:
        form = redirect_form or cancel_form
        if form is None:
            return _desk_page(request, found, status=400, problem=" ".join(exc.messages))
        add_service_errors(form, exc)
        return _desk_page(request, found, status=400, redirect_form=redirect_form, cancel_form=cancel_form)
    return back


def _waiting(desk: Desk, code: str) -> Ticket:
    code = code.strip().upper()
    letter, digits = code[:1], code[1:]
    ticket = None
    if letter.isalpha() and digits.isdigit():
        ticket = Ticket.objects.filter(
            hall_id=desk.hall_id, day=selectors.today(), letter=letter, number=int(digits)
        ).first()
    if ticket is None:
        raise ValidationError({"code": _("There is no such ticket today.")})
    return ticket


@require_GET
@never_cache
@staff_required
def register(request: HttpRequest, hall: int, desk_number: int, ticket: int) -> HttpResponse:
    """Choose which of the category's services to register an application for, then the front
    office's intake form with the ticket carried along."""
    found = _desk(request, hall, desk_number)
    served = get_object_or_404(
        Ticket.objects.select_related("category").defer("phone"), pk=ticket, hall=found.hall, status=TicketStatus.DONE
    )
    offerings = served.category.offerings.select_related("service", "department").order_by("service__code")
    if not offerings.exists():
        offerings = ServiceOffering.objects.filter(department__akimat=found.hall.akimat).select_related(
            "service", "department"
        )
    context = {"desk": found, "ticket": served, "offerings": offerings, "origin": f"{KIND}:{served.pk}"}
    return render(request, "queueing/staff/register.html", context)
