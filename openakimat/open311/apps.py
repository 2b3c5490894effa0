from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    name = "openakimat.open311"
    verbose_name = _("Open311 GeoReport v2")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openakimat.common.unavailable import register_error_format

        from .views import error_answer

        # The 503 of a database outage and the 500 handler answer in Open311's error format.
        register_error_format("/open311/", error_answer)
