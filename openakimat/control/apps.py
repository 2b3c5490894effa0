from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "openakimat.control"
    label = "control"
    verbose_name = _("Execution control")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openakimat.accounts.staffnav import StaffNavItem, register

        from . import permissions
        from .datasets import register_datasets
        from .notifications import register_kinds

        register_kinds()
        register_datasets()
        register(
            StaffNavItem(
                key="control.inbox",
                label=_("Instructions"),
                url_name="control-staff:inbox",
                allowed=permissions.can_open_instructions,
                order=50,
                current=("control-staff:detail",),
            )
        )
