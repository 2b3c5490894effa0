from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ControlConfig(AppConfig):
    name = "openakimat.control"
    label = "control"
    verbose_name = _("Execution control")
    default_auto_field = "django.db.models.BigAutoField"
