from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "openakimat.meetings"
    label = "meetings"
    verbose_name = _("Meetings of the akimat")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .datasets import register_datasets
        from .navigation import register_staff_nav
        from .sources import register_calendar_source, register_control_source

        register_control_source()
        register_calendar_source()
        register_staff_nav()
        register_datasets()
