"""A booking found by its code: see it, cancel it, move it to another free time; and the kiosk's
check-in. The code never travels in an address: it is typed into a form, and a booking found is
remembered in the session. Look-ups that find nothing are counted per client address, and past a
limit the form stops answering for a while (against guessing codes)."""

from datetime import date

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.ratelimit import RateLimited, check, hit

from . import services, slots
from .booking_forms import CheckInForm, FindForm, MoveForm
from .models import Booking, BookingStatus
from .views_booking import hall_for, limited, parse_time, time_choices

FOUND = "queue_booking_manage"
FIND_FAILURES, CHECKIN_FAILURES = "queue-booking-find", "queue-booking-checkin"
FIND_FAILURES_PER_HOUR = 10
# The kiosk is one address for a whole hall: more room, still far from guessing.
CHECKIN_FAILURES_PER_HOUR = 60


def _found(request: HttpRequest) -> Booking | None:
    pk = request.session.get(FOUND)
    if not isinstance(pk, int):
        return None
    return Booking.objects.select_related("hall__akimat__territory", "category").filter(pk=pk).first()


@never_cache
@require_http_methods(["GET", "POST"])
def find(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "queueing/booking/find.html", {"form": FindForm()})
    form = FindForm(request.POST)
    try:
        check(FIND_FAILURES, request, limit=FIND_FAILURES_PER_HOUR, fail_open=True)
        if not form.is_valid():
            return render(request, "queueing/booking/find.html", {"form": form}, status=400)
        booking = services.booking_find(form.cleaned_data["code"], form.cleaned_data["last_digits"])
        if booking is None:
            hit(FIND_FAILURES, request, limit=FIND_FAILURES_PER_HOUR + 1, fail_open=True)
            return render(request, "queueing/booking/find.html", {"form": form, "not_found": True}, status=404)
    except (RateLimited, TemporarilyUnavailable) as exc:
        return limited(request, exc)
    request.session[FOUND] = booking.pk
    return redirect("queue_booking:booking")


def _booking_page(request, booking, status=200, **extra) -> HttpResponse:
    context = {"booking": booking, "changeable": booking.status == BookingStatus.BOOKED, **extra}
    return render(request, "queueing/booking/booking.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def booking_page(request: HttpRequest) -> HttpResponse:
    """The booking found. POST: cancel it."""
    booking = _found(request)
    if booking is None:
        return redirect("queue_booking:find")
    if request.method != "POST":
        return _booking_page(request, booking)
    try:
        booking = services.booking_cancel(booking=booking)
    except ConflictError as exc:
        return _booking_page(request, booking, status=409, problem=str(exc))
    return _booking_page(request, booking, cancelled=True)


@never_cache
@require_http_methods(["GET", "POST"])
def move(request: HttpRequest) -> HttpResponse:
    """Another time for the booking found: the days (GET), a day's times (?day=), the move (POST)."""
    booking = _found(request)
    if booking is None:
        return redirect("queue_booking:find")
    if booking.status != BookingStatus.BOOKED:
        return _booking_page(request, booking, status=409)
    category = booking.category
    try:
        day = date.fromisoformat(request.POST.get("day") or request.GET.get("day") or "")
    except ValueError:
        day = None
    context = {"booking": booking, "days": slots.days_free(category), "day": day}
    if day is None:
        return render(request, "queueing/booking/move.html", context)
    times = time_choices(slots.day_slots(category, day))
    form = MoveForm(request.POST or None, times=times)
    context["form"] = form
    if request.method != "POST":
        return render(request, "queueing/booking/move.html", context)
    starts_at = parse_time(form.data.get("starts_at", "")) if form.is_valid() else None
    if starts_at is None:
        return render(request, "queueing/booking/move.html", context, status=400)
    try:
        booking = services.booking_reschedule(booking=booking, starts_at=starts_at)
    except ConflictError as exc:
        context["problem"] = str(exc)
        context["form"] = MoveForm(times=time_choices(slots.day_slots(category, day)))
        return render(request, "queueing/booking/move.html", context, status=409)
    return _booking_page(request, booking, moved=True)


def _ticket_link(token: str) -> str:
    try:
        return reverse("queueing:ticket", kwargs={"token": token})
    except NoReverseMatch:
        return ""


@never_cache
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, kato: str) -> HttpResponse:
    """The kiosk: type the booking code, get a ticket of the booked visitors."""
    hall = hall_for(kato)
    context: dict = {"hall": hall, "form": CheckInForm()}
    if request.method != "POST":
        return render(request, "queueing/booking/checkin.html", context)
    form = CheckInForm(request.POST)
    context["form"] = form
    try:
        check(CHECKIN_FAILURES, request, limit=CHECKIN_FAILURES_PER_HOUR, fail_open=True)
        if not form.is_valid():
            return render(request, "queueing/booking/checkin.html", context, status=400)
        booking, issued = services.booking_check_in(hall=hall, code=form.cleaned_data["code"])
    except (RateLimited, TemporarilyUnavailable) as exc:
        return limited(request, exc)
    except services.NotFound:
        hit(CHECKIN_FAILURES, request, limit=CHECKIN_FAILURES_PER_HOUR + 1, fail_open=True)
        context["not_found"] = True
        return render(request, "queueing/booking/checkin.html", context, status=404)
    except ConflictError as exc:
        context["problem"] = str(exc)
        return render(request, "queueing/booking/checkin.html", context, status=409)
    context.update(ticket=issued.ticket, booking=booking, ticket_link=_ticket_link(issued.token), form=CheckInForm())
    return render(request, "queueing/booking/checkin.html", context)
