"""Staff sign-in: password, then a TOTP code. A staff member without an authenticator enrols one
on first sign-in. Residents never need an account to use the public pages."""

import base64
from datetime import timedelta
from io import BytesIO

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login, logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from openakimat.common.ratelimit import RateLimited, check_sign_in_failures, record_sign_in_failure
from openakimat.integrity.services import audit_record

from . import selectors
from .forms import PasswordForm, TokenForm
from .permissions import is_staff
from .second_factor import token_was_used

PENDING_KEY = "staff_login_pending_user"
NEXT_KEY = "staff_login_next"
BACKEND_KEY = "staff_login_backend"


def _safe_next(request: HttpRequest, target: str | None) -> str:
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return target
    return reverse("staff-home")


@sensitive_post_parameters("password")
@never_cache
def staff_login(request: HttpRequest) -> HttpResponse:
    form = PasswordForm(request.POST or None)
    if request.method == "POST":
        # Before the password is checked: while the address is paused, a right password found by
        # trying many accounts must not get in either.
        try:
            check_sign_in_failures(request)
        except RateLimited as exc:
            return _address_paused(request, exc)
    if request.method == "POST" and form.is_valid():
        user = authenticate(request, username=form.cleaned_data["username"], password=form.cleaned_data["password"])
        if getattr(request, "axes_locked_out", False):
            return render(request, "accounts/locked_out.html", status=429)
        if user is None or not is_staff(user):
            record_sign_in_failure(request)
            form.add_error(None, _("The username or password is wrong, or this account is not a staff account."))
        else:
            request.session[NEXT_KEY] = _safe_next(request, request.GET.get("next"))
            if not settings.STAFF_2FA_REQUIRED:
                login(request, user)
                audit_record(actor=user, action="staff.sign_in", obj=user, data={"second_factor": False})
                return redirect(request.session.pop(NEXT_KEY))
            request.session[PENDING_KEY] = user.pk
            request.session[BACKEND_KEY] = user.backend
            return redirect("staff-verify")
    return render(request, "accounts/login.html", {"form": form})


def _address_paused(request: HttpRequest, exc: RateLimited) -> HttpResponse:
    """429: too many failed sign-ins from this address; when it may try again."""
    response = render(
        request,
        "accounts/address_paused.html",
        {"minutes": exc.retry_after_minutes, "until": timezone.localtime() + timedelta(seconds=exc.retry_after)},
        status=429,
    )
    response["Retry-After"] = str(exc.retry_after)
    return response


def _qr_svg(uri: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(uri, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    buffer = BytesIO()
    img.save(buffer)
    return base64.b64encode(buffer.getvalue()).decode()


@never_cache
def staff_verify(request: HttpRequest) -> HttpResponse:
    """Second step: check the code from a confirmed device, or enrol and confirm a new one."""
    user_id = request.session.get(PENDING_KEY)
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first() if user_id else None
    if user is None:
        return redirect("staff-login")
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    enrolling = device is None
    if enrolling:
        device = TOTPDevice.objects.filter(user=user, confirmed=False).first() or TOTPDevice.objects.create(
            user=user, name="authenticator", confirmed=False
        )
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        allowed, _details = device.verify_is_allowed()
        if not allowed:
            form.add_error("token", _("Too many wrong codes. Wait a minute and try again."))
        elif device.verify_token(form.cleaned_data["token"].strip()):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
            del request.session[PENDING_KEY]
            target = request.session.pop(NEXT_KEY, reverse("staff-home"))
            backend = request.session.pop(BACKEND_KEY, "django.contrib.auth.backends.ModelBackend")
            login(request, user, backend=backend)
            otp_login(request, device)
            audit_record(
                actor=user,
                action="staff.enrol_2fa" if enrolling else "staff.sign_in",
                obj=user,
                data={"second_factor": True},
            )
            return redirect(target)
        elif token_was_used(device, form.cleaned_data["token"].strip()):
            form.add_error("token", _("This code was already used. Wait for the next code in the app and enter it."))
        else:
            form.add_error("token", _("This code is not right. Check the clock of your phone and try again."))
    context = {"form": form, "enrolling": enrolling}
    if enrolling:
        context["qr_svg"] = _qr_svg(device.config_url)
        context["secret"] = base64.b32encode(device.bin_key).decode()
    return render(request, "accounts/verify.html", context)


@require_POST
def staff_logout(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        audit_record(actor=request.user, action="staff.sign_out", obj=request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("home")


def staff_required(view):
    """Signed in, second factor confirmed, and holding some role (or a superuser)."""

    @login_required
    def wrapped(request: HttpRequest, *args, **kwargs):
        if settings.STAFF_2FA_REQUIRED and not request.user.is_verified():
            return redirect(f"{reverse('staff-login')}?next={request.path}")
        if not is_staff(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return wrapped


@staff_required
def staff_home(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/staff_home.html", {"akimats": selectors.staff_akimats(user=request.user)})


@staff_required
def staff_akimat(request: HttpRequest, kato: str) -> HttpResponse:
    akimat = selectors.staff_akimat_get(user=request.user, kato=kato)
    grants = selectors.akimat_grants(user=request.user, akimat=akimat)
    return render(request, "accounts/staff_akimat.html", {"akimat": akimat, "grants": grants})
