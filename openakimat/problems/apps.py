from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProblemsConfig(AppConfig):
    name = "openakimat.problems"
    label = "problems"
    verbose_name = _("Problem reports")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .notifications import register_kinds
        from .sources import register_source

        register_source()
        register_kinds()
