"""The "Rate this" panels the front office's tracking page and the queue ticket's pages show
(common.panels, registered in FeedbackConfig.ready): the form once the case is issued or the visit
is over, a thank-you once it is rated, and on the kiosk's ticket a line saying where to rate."""

from typing import Any

from django.template.loader import render_to_string

from openakimat.applications.models import Status
from openakimat.queueing.models import TicketStatus

from .forms_ratings import ApplicationRatingForm, RatingForm
from .models import Rating


def tracking_panel(request: Any, case: Any) -> str:
    """`case` is the tracking page's TrackedCase (its number and code already shown there)."""
    if case.status != Status.ISSUED:
        return ""
    rated = Rating.objects.filter(application_id=case.pk).values_list("score", flat=True).first()
    form = None
    if rated is None:
        form = ApplicationRatingForm(initial={"number": case.number, "tracking_code": case.tracking_code})
    context = {"form": form, "rated": rated, "action": "ratings:application", "token": ""}
    return render_to_string("feedback/ratings/_panel.html", context, request=request)


def ticket_panel(request: Any, ticket_and_token: tuple[Any, str]) -> str:
    ticket, token = ticket_and_token
    if ticket.status != TicketStatus.DONE:
        return ""
    rated = Rating.objects.filter(ticket_id=ticket.pk).values_list("score", flat=True).first()
    context = {
        "form": RatingForm() if rated is None else None,
        "rated": rated,
        "action": "ratings:visit",
        "token": token,
    }
    return render_to_string("feedback/ratings/_panel.html", context, request=request)


def kiosk_ticket_panel(request: Any, ticket: Any) -> str:
    return render_to_string("feedback/ratings/_kiosk.html", {}, request=request)


def register() -> None:
    from openakimat.common import panels

    panels.register("applications.tracking", tracking_panel)
    panels.register("queueing.ticket", ticket_panel)
    panels.register("queueing.kiosk_ticket", kiosk_ticket_panel)
