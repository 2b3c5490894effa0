"""The front-office desk: intake of an application with a printable receipt, and the consultation
log. Thin views: they read through `selectors`, write through `services`, and show a service's
ValidationError next to the fields (400)."""

import base64
from io import BytesIO
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from openakimat.accounts.views import staff_required
from openakimat.common.errors import TemporarilyUnavailable
from openakimat.common.forms import add_service_errors

from . import origins, permissions, selectors, services
from .forms_staff import LANGUAGE_CHOICES, ApplicantLookupForm, ConsultationForm, IntakeForm, OfferingForm
from .tracking import group_code, tracking_link, tracking_path
from .views_staff import case_allowed, uploads

NON_FIELD = "__all__"  # a hidden field's error is shown above the form

# --- desk intake -------------------------------------------------------------------------------


@never_cache
@staff_required
def intake(request: HttpRequest) -> HttpResponse:
    """Step 1 chooses the service offering (GET ?offering=), step 2 is the application form."""
    _desk_only(request)
    if "offering" not in request.GET:
        return _choose(request)
    chosen = request.GET["offering"]
    if not chosen:
        return _choose(request, status=400)
    offering = selectors.intake_offering(user=request.user, offering_id=chosen)
    documents = list(offering.service.documents.all())
    if request.method != "POST":
        initial = {"origin": request.GET.get("origin", "")[:64]}
        form = IntakeForm(documents=documents, initial=initial, language=get_language() or "kk")
        return _intake_page(request, form, offering)
    form = IntakeForm(request.POST, request.FILES, documents=documents)
    if form.is_valid():
        data = form.cleaned_data
        applicant = services.Applicant(
            iin=data["applicant_iin"],
            name=data["applicant_name"],
            phone=data["applicant_phone"],
            email=data["applicant_email"],
            language=data["language"],
        )
        try:
            case = services.application_register(
                actor=request.user,
                offering=offering,
                applicant=applicant,
                consent=data["consent"],
                documents=uploads(form.uploads()),
                # Per operator, so that one desk's key can never lead to another desk's case.
                idempotency_key=f"desk-{request.user.pk}-{data['idempotency_key'].hex}",
                looked_up=data["looked_up"],
                origin=data["origin"],
            )
        except ValidationError as exc:
            add_service_errors(form, exc, {"origin": NON_FIELD})
        except TemporarilyUnavailable as exc:  # e.g. the document storage: nothing was registered
            form.add_error(None, str(exc))
            return _intake_page(request, form, offering, status=503)
        else:
            return redirect("cases:receipt", number=case.number)
    return _intake_page(request, form, offering, status=400)


def _intake_page(
    request: HttpRequest,
    form: IntakeForm,
    offering: Any,
    *,
    lookup: ApplicantLookupForm | None = None,
    found: bool | None = None,
    status: int = 200,
) -> HttpResponse:
    context = {
        "form": form,
        "offering": offering,
        "origin": _origin_label(request, form),
        "lookup": lookup or ApplicantLookupForm(),
        "found": found,
        "consent_languages": LANGUAGE_CHOICES,
    }
    return render(request, "applications/staff/intake_form.html", context, status=status)


def _origin_label(request: HttpRequest, form: IntakeForm) -> str:
    """What the carried origin is ("Came with ticket A014 at desk 2"), for the page's lead; nothing
    when there is none or it does not resolve (registering then says why)."""
    value = form["origin"].value() or ""
    if not value:
        return ""
    try:
        return origins.resolve(request.user, value).label
    except ValidationError:
        return ""


@require_POST
@never_cache
@staff_required
def intake_lookup(request: HttpRequest) -> HttpResponse:
    """Step 2's look-up of a returning resident by IIN, with their consent: the application form
    again, filled in from their latest application at this akimat (POST, so the IIN stays out of
    the address)."""
    _desk_only(request)
    offering = selectors.intake_offering(user=request.user, offering_id=request.GET.get("offering", ""))
    documents = list(offering.service.documents.all())
    lookup = ApplicantLookupForm(request.POST)
    origin = {"origin": request.GET.get("origin", "")[:64]}
    lookup.is_valid()  # nothing for the form to refuse: the service checks the IIN and the consent
    iin = lookup.cleaned_data.get("iin", "")
    try:
        found = services.applicant_lookup(
            actor=request.user,
            akimat=offering.department.akimat,
            iin=iin,
            consent=lookup.cleaned_data.get("consent", False),
        )
    except ValidationError as exc:
        add_service_errors(lookup, exc)
        form = IntakeForm(documents=documents, initial=origin, language=get_language() or "kk")
        return _intake_page(request, form, offering, lookup=lookup, status=400)
    if found is None:
        initial: dict[str, Any] = {"applicant_iin": iin.strip(), **origin}
    else:
        initial = {
            "applicant_iin": found.iin,
            "applicant_name": found.name,
            "applicant_phone": found.phone,
            "applicant_email": found.email,
            "language": found.language,
            "looked_up": True,
            **origin,
        }
    form = IntakeForm(documents=documents, initial=initial, language=get_language() or "kk")
    return _intake_page(request, form, offering, found=found is not None)


@require_GET
@never_cache
@staff_required
def consent_form(request: HttpRequest) -> HttpResponse:
    """The consent to the processing of personal data, printed for the resident to read and sign,
    in the language they choose (`?lang=`), naming the akimat and, with `?offering=`, the service.
    Nothing of the resident is on it: they write their name and IIN by hand."""
    _desk_only(request)
    offering = selectors.intake_offering(user=request.user, offering_id=request.GET.get("offering", ""))
    language = request.GET.get("lang", "")
    if language not in dict(LANGUAGE_CHOICES):
        language = get_language() or "kk"
    context = {"offering": offering, "akimat": offering.department.akimat, "consent_language": language}
    return render(request, "applications/staff/consent_form.html", context)


def _desk_only(request: HttpRequest) -> None:
    """Desk intake and its look-ups are for those who register applications somewhere (403);
    an offering outside their desks then reads as not found (404)."""
    if not selectors.intake_offerings(user=request.user).exists():
        raise PermissionDenied


def _choose(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    """Step 1: the service picker. `?q=` narrows it with the register's search (the page without
    script); the filter box narrows it as the operator types (with script)."""
    q = request.GET.get("q", "")[:100].strip()
    offerings = list(selectors.intake_offerings(user=request.user, q=q))
    form = OfferingForm(request.GET if status == 400 else None, offerings=offerings)
    if status == 400:
        form.is_valid()  # puts "choose the service" on the field
    context = {"form": form, "q": q, "found": len(offerings)}
    return render(request, "applications/staff/intake_choose.html", context, status=status)


@require_GET
@never_cache
@staff_required
def receipt(request: HttpRequest, number: str) -> HttpResponse:
    # The tracking code lets its holder follow and withdraw the application: the desk only.
    case = case_allowed(request, number, permissions.can_work_at_desk)
    # Printed in the resident's language (chosen on the intake form), whatever the operator's.
    language = case.language if case.language in ("kk", "ru", "en") else "kk"
    link = tracking_link(case.number, case.tracking_code, language)
    site = settings.SITE_URL.split("://", 1)[-1]
    context = {
        "case": case,
        "language": language,
        "code": group_code(case.tracking_code),
        "qr": qr_svg_data_uri(link),
        "site": site,
        "track_address": site + tracking_path(case.number, language),
    }
    return render(request, "applications/staff/receipt.html", context)


def qr_svg_data_uri(text: str) -> str:
    """A QR code of `text` as an SVG data: URI for an <img> (the page's policy allows data: images
    and no inline markup from elsewhere)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=6, border=2)
    buffer = BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


# --- consultations -----------------------------------------------------------------------------


@never_cache
@staff_required
def consultations(request: HttpRequest) -> HttpResponse:
    akimats = selectors.consultation_akimats(user=request.user)
    if not akimats:
        raise PermissionDenied
    form = ConsultationForm(request.POST or None, akimats=akimats)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            akimat = next((a for a in akimats if a.pk == data["akimat"]), None)
            try:
                if akimat is None:
                    raise ValidationError({"akimat": _("Choose your front office.")})
                services.consultation_log(
                    actor=request.user,
                    akimat=akimat,
                    minutes=data["minutes"],
                    outcome=data["outcome"],
                    service=data["service"],
                    department=data["department"],
                    topic=data["topic"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The consultation is logged."))
                return redirect("cases:consultations")
        status = 400
    return render(
        request,
        "applications/staff/consultations.html",
        {"form": form, "today": selectors.consultations_today(user=request.user)},
        status=status,
    )
