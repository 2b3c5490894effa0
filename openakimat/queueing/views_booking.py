"""Online booking, for residents without an account and without script: the akimat's hall, a
category, a day (with its free times counted), a time and the phone; the SMS code; the booking code
shown once. The pending booking is remembered in the session, never in the address."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import time_format
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openakimat.common.client_address import client_ip
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.ratelimit import RateLimited, hit
from openakimat.territory.selectors import akimat_by_kato

from . import services, slots
from .booking_forms import OtpForm, TimeForm
from .models import Booking, BookingStatus, Category, Hall
from .services._booking_common import show_code

PENDING = "queue_booking_pending"
OTP_TRIES_PER_HOUR = 30


def hall_for(kato: str) -> Hall:
    akimat = akimat_by_kato(kato)
    hall = Hall.objects.filter(akimat=akimat, is_open=True).select_related("akimat__territory").first()
    if hall is None:
        raise Http404
    return hall


def _category(hall: Hall, letter: str) -> Category:
    return get_object_or_404(hall.categories.select_related("hall"), letter=letter, is_active=True, bookable=True)


def _day(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise Http404 from None


def time_choices(slot_list) -> list[tuple[str, str]]:
    return [
        (s.starts_at.isoformat(), time_format(timezone.localtime(s.starts_at), "H:i")) for s in slot_list if s.free > 0
    ]


def parse_time(value: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def limited(request: HttpRequest, exc: Exception) -> HttpResponse:
    """The answer to a rate limit (429) or an unavailable cache (503)."""
    if isinstance(exc, RateLimited):
        response = render(request, "queueing/booking/wait.html", {"minutes": exc.retry_after_minutes}, status=429)
    else:
        response = render(request, "queueing/booking/wait.html", {"unavailable": True}, status=503)
    response["Retry-After"] = str(getattr(exc, "retry_after", 60))
    return response


@require_GET
def hall_page(request: HttpRequest, kato: str) -> HttpResponse:
    hall = hall_for(kato)
    categories = hall.categories.filter(is_active=True, bookable=True).order_by("order", "letter")
    return render(request, "queueing/booking/hall.html", {"hall": hall, "categories": categories})


@require_GET
def category_page(request: HttpRequest, kato: str, letter: str) -> HttpResponse:
    hall = hall_for(kato)
    category = _category(hall, letter)
    days = slots.days_free(category)
    return render(request, "queueing/booking/days.html", {"hall": hall, "category": category, "days": days})


def _day_page(request, hall, category, day, form=None, status=200, problem="") -> HttpResponse:
    slot_list = slots.day_slots(category, day)
    if form is None:
        form = TimeForm(times=time_choices(slot_list))
    context = {"hall": hall, "category": category, "day": day, "form": form, "slots": slot_list, "problem": problem}
    return render(request, "queueing/booking/day.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def day_page(request: HttpRequest, kato: str, letter: str, day: str) -> HttpResponse:
    hall = hall_for(kato)
    category = _category(hall, letter)
    the_day = _day(day)
    if request.method != "POST":
        return _day_page(request, hall, category, the_day)
    form = TimeForm(request.POST, times=time_choices(slots.day_slots(category, the_day)))
    if not form.is_valid():
        return _day_page(request, hall, category, the_day, form, status=400)
    try:
        booking = services.booking_start(
            category=category,
            starts_at=datetime.fromisoformat(form.cleaned_data["starts_at"]),
            phone=form.cleaned_data["phone"],
            language=(get_language() or "kk")[:2],
            client=client_ip(request) or "unknown",
        )
    except (RateLimited, TemporarilyUnavailable) as exc:
        return limited(request, exc)
    except ConflictError as exc:
        return _day_page(request, hall, category, the_day, None, status=409, problem=str(exc))
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _day_page(request, hall, category, the_day, form, status=400)
    request.session[PENDING] = booking.pk
    return redirect("queue_booking:confirm")


def _pending(request: HttpRequest) -> Booking | None:
    pk = request.session.get(PENDING)
    if not isinstance(pk, int):
        return None
    return Booking.objects.select_related("hall__akimat__territory", "category").filter(pk=pk).first()


def _confirm_page(request, booking, form=None, status=200, **extra) -> HttpResponse:
    context = {"booking": booking, "form": form or OtpForm(), **extra}
    return render(request, "queueing/booking/confirm.html", context, status=status)


@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest) -> HttpResponse:
    """The SMS code. POST `action`: "confirm" (with the code) or "resend"."""
    booking = _pending(request)
    if booking is None or booking.status != BookingStatus.PENDING:
        return render(request, "queueing/booking/confirm.html", {"booking": None}, status=404)
    if request.method != "POST":
        return _confirm_page(request, booking)
    try:
        if request.POST.get("action") == "resend":
            booking = services.booking_otp_resend(booking=booking)
            return _confirm_page(request, booking, code_sent=True)
        hit("queue-booking-otp", request, limit=OTP_TRIES_PER_HOUR, fail_open=True)
        form = OtpForm(request.POST)
        if not form.is_valid():
            return _confirm_page(request, booking, form, status=400)
        try:
            booking, code = services.booking_confirm(booking=booking, otp=form.cleaned_data["code"])
        except ValidationError as exc:
            add_service_errors(form, exc)
            return _confirm_page(request, booking, form, status=400)
    except (RateLimited, TemporarilyUnavailable) as exc:
        return limited(request, exc)
    except ConflictError as exc:
        return _confirm_page(request, booking, status=409, problem=str(exc))
    del request.session[PENDING]
    return render(request, "queueing/booking/booked.html", {"booking": booking, "code": show_code(code)})
