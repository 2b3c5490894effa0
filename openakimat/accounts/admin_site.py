from django.conf import settings
from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .permissions import is_staff


class StaffAdminSite(admin.AdminSite):
    """The admin for staff: signed in through the staff sign-in (password + TOTP), and showing
    each person only what their role grants reach."""

    site_header = _("Open Akimat administration")
    site_title = _("Open Akimat")
    index_title = _("Administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        if not (user.is_active and user.is_staff and is_staff(user)):
            return False
        return not settings.STAFF_2FA_REQUIRED or user.is_verified()

    def login(self, request: HttpRequest, extra_context=None) -> HttpResponse:
        next_url = request.GET.get("next", reverse("admin:index"))
        return redirect(f"{reverse('staff-login')}?next={next_url}")
