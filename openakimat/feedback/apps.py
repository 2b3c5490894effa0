from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "openakimat.feedback"
    label = "feedback"
    verbose_name = _("Residents' feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .navigation import register_staff_nav

        register_staff_nav()
