from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionsConfig(AppConfig):
    name = "openakimat.receptions"
    label = "receptions"
    verbose_name = _("Open receptions")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .calendar import register_source as register_calendar_source
        from .datasets import register_datasets
        from .navigation import register_staff_nav
        from .notifications import register_kinds
        from .sources import register_source

        register_kinds()
        register_source()
        register_calendar_source()
        register_staff_nav()
        register_datasets()
