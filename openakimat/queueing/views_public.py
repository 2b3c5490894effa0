"""The hall's kiosk and the resident's ticket page. No sign-in and no script needed.

The kiosk issues a ticket and shows it once: the ticket and its token go through the kiosk's
session to the page that shows them (post/redirect/get), which takes them out as it shows them, so
the kiosk can't show someone's ticket again. The ticket's own page is reached by the unguessable
token in its address (the QR code), as a reception sign-up's page is."""

import base64
from io import BytesIO

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from openakimat.common import panels
from openakimat.common.errors import ConflictError, TemporarilyUnavailable
from openakimat.common.forms import add_service_errors
from openakimat.common.ratelimit import (
    RateLimited,
    check_tracking_failures,
    hit,
    record_tracking_failure,
)

from . import estimates, services
from .forms_public import KioskForm, PhoneForm
from .models import Hall, Ticket, TicketStatus

SESSION_KEY = "queueing_kiosk_ticket"
# Pages that change without the reader doing anything reload themselves through the HTTP Refresh
# header (no script needed). Not a <meta> refresh: the ticket page offers to stop it (WCAG 2.2.1),
# and the kiosk goes back to its start when the resident walks away.
TICKET_REFRESH_SECONDS = 30
KIOSK_IDLE_SECONDS = 180
KIOSK_TICKET_SECONDS = 45
# Tickets one client address may take in ten minutes: a busy kiosk issues one a minute or so.
KIOSK_WINDOW = 600


def _hall(kato: str) -> Hall:
    return get_object_or_404(Hall.objects.select_related("akimat__territory"), akimat__territory__kato=kato)


def _categories(hall: Hall):
    """What the kiosk offers: active categories that an active desk serves."""
    return (
        hall.categories.filter(is_active=True, desks__is_active=True, desks__hall=hall)
        .distinct()
        .order_by("order", "letter")
    )


def _priorities(hall: Hall):
    return hall.priority_groups.filter(is_active=True, at_kiosk=True).order_by("order", "pk")


def _checkin_url(kato: str) -> str:
    """The online booking's check-in at this hall, when the booking pages are installed."""
    try:
        return reverse("queue_booking:checkin", kwargs={"kato": kato})
    except NoReverseMatch:
        return ""


def _kiosk_page(request: HttpRequest, hall: Hall, form: KioskForm | None = None, status: int = 200, **extra):
    category = extra.pop("category", None)
    context = {
        "hall": hall,
        "kato": hall.akimat.territory.kato,
        "categories": list(_categories(hall)) if category is None else [],
        "category": category,
        "priorities": list(_priorities(hall)) if category is not None else [],
        "form": form,
        "checkin_url": _checkin_url(hall.akimat.territory.kato),
        **extra,
    }
    response = render(request, "queueing/kiosk.html", context, status=status)
    if category is not None:
        response["Refresh"] = f"{KIOSK_IDLE_SECONDS}; url={reverse('queueing:kiosk', kwargs={'kato': context['kato']})}"
    return response


def _rate_limited(request: HttpRequest, exc: RateLimited, hall: Hall | None = None) -> HttpResponse:
    response = render(
        request, "queueing/rate_limited.html", {"minutes": exc.retry_after_minutes, "hall": hall}, status=429
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def kiosk(request: HttpRequest, kato: str) -> HttpResponse:
    """GET: step 1, the services (or step 2 with `?category=`: the priority groups and a phone).
    POST: take the ticket."""
    hall = _hall(kato)
    categories, priorities = _categories(hall), _priorities(hall)
    if request.method != "POST":
        if "category" not in request.GET:
            return _kiosk_page(request, hall, closed=not hall.is_open)
        form = KioskForm({"category": request.GET["category"]}, categories=categories, priorities=priorities)
        if not form.has_error("category") and form.is_valid():
            category = form.cleaned_data["category"]
            return _kiosk_page(request, hall, KioskForm(initial={"category": category.pk}), category=category)
        return _kiosk_page(request, hall, form, status=400)
    form = KioskForm(request.POST, categories=categories, priorities=priorities)
    if not form.is_valid():
        chosen = form.cleaned_data.get("category")
        return _kiosk_page(request, hall, form, status=400, category=chosen)
    data = form.cleaned_data
    try:
        hit("queue-ticket", request, limit=settings.QUEUE_KIOSK_TICKETS_PER_10_MINUTES, window=KIOSK_WINDOW)
        issued = services.ticket_issue(
            category=data["category"],
            priority=data["priority"],
            phone=data["phone"],
            language=(get_language() or "kk")[:2],
        )
    except RateLimited as exc:
        return _rate_limited(request, exc, hall)
    except TemporarilyUnavailable:
        return _kiosk_page(request, hall, form, status=503, category=data["category"], unavailable=True)
    except ValidationError as exc:
        add_service_errors(form, exc)
        return _kiosk_page(request, hall, form, status=400, category=data["category"])
    request.session[SESSION_KEY] = {"ticket": issued.ticket.pk, "token": issued.token}
    return redirect("queueing:kiosk-ticket", kato=kato)


def qr_svg_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data: URI (the policy allows data: images, no inline markup)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def ticket_url(token: str) -> str:
    return f"{settings.SITE_URL}{reverse('queueing:ticket', kwargs={'token': token})}"


@never_cache
@require_GET
def kiosk_ticket(request: HttpRequest, kato: str) -> HttpResponse:
    """The ticket just taken, shown (and printed) once; then the kiosk goes back to its start."""
    hall = _hall(kato)
    shown = request.session.pop(SESSION_KEY, None)
    ticket = None
    if shown:
        ticket = (
            Ticket.objects.select_related("category", "hall")
            .filter(pk=shown.get("ticket"), hall=hall, status=TicketStatus.WAITING)
            .first()
        )
    if ticket is None:
        return redirect("queueing:kiosk", kato=kato)
    link = ticket_url(shown["token"])
    context = {
        "hall": hall,
        "kato": kato,
        "ticket": ticket,
        "place": estimates.place(ticket),
        "qr": qr_svg_data_uri(link),
        "panels": panels.collect("queueing.kiosk_ticket", request, ticket),
    }
    response = render(request, "queueing/kiosk_ticket.html", context)
    response["Refresh"] = f"{KIOSK_TICKET_SECONDS}; url={reverse('queueing:kiosk', kwargs={'kato': kato})}"
    return response


def _ticket_page(request: HttpRequest, ticket: Ticket, token: str, status: int = 200, **extra) -> HttpResponse:
    waiting = ticket.status == TicketStatus.WAITING
    is_open = ticket.status in (TicketStatus.WAITING, TicketStatus.CALLED, TicketStatus.SERVING)
    # Not while the resident types a phone, nor once they asked it to stop.
    refreshing = (
        is_open
        and status == 200
        and "still" not in request.GET
        and "sms" not in request.GET
        and "phone_form" not in extra
    )
    context = {
        "ticket": ticket,
        "token": token,
        "hall": ticket.hall,
        "place": estimates.place(ticket) if waiting else None,
        "waiting": waiting,
        "is_open": is_open,
        "refreshing": refreshing,
        "has_phone": bool(ticket.phone),
        "phone_form": extra.pop("phone_form", None)
        or (PhoneForm() if waiting and not ticket.phone and ticket.notify_sent_at is None else None),
        # Panels of apps above this one (the rating of a finished visit): common.panels.
        "panels": panels.collect("queueing.ticket", request, (ticket, token)),
        **extra,
    }
    response = render(request, "queueing/ticket.html", context, status=status)
    if refreshing:
        response["Refresh"] = str(TICKET_REFRESH_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def ticket(request: HttpRequest, token: str) -> HttpResponse:
    """The resident's ticket. POST `action`: "cancel", or "phone" (with the phone)."""
    try:
        check_tracking_failures(request)
    except RateLimited as exc:
        return _rate_limited(request, exc)
    found = services.ticket_by_token(token)
    if found is None:
        record_tracking_failure(request)
        raise Http404
    if request.method != "POST":
        return _ticket_page(request, found, token)
    action = request.POST.get("action", "")
    try:
        if action == "cancel":
            services.ticket_cancel(actor=None, ticket=found)
            return redirect("queueing:ticket", token=token)
        if action == "phone":
            form = PhoneForm(request.POST)
            if not form.is_valid():
                return _ticket_page(request, found, token, status=400, phone_form=form)
            try:
                services.ticket_phone_set(ticket=found, phone=form.cleaned_data["phone"])
            except ValidationError as exc:
                add_service_errors(form, exc)
                return _ticket_page(request, found, token, status=400, phone_form=form)
            return redirect("queueing:ticket", token=token)
    except ConflictError as exc:
        return _ticket_page(request, services.ticket_by_token(token) or found, token, status=409, problem=str(exc))
    return _ticket_page(request, found, token, status=400, problem_choose=True)
