from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    default = True
    name = "openakimat.accounts"
    label = "accounts"
    verbose_name = _("Accounts and roles")

    def ready(self) -> None:
        from . import middleware  # noqa: F401 - starts the session clock at each sign-in
        from .navigation import register_staff_nav

        register_staff_nav()


class StaffAdminConfig(admin_apps.AdminConfig):
    default = False
    default_site = "openakimat.accounts.admin_site.StaffAdminSite"
