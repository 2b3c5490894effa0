from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "openakimat.feedback"
    label = "feedback"
    verbose_name = _("Residents' feedback")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .apps_comments import register_comments
        from .navigation import register_staff_nav

        register_staff_nav()
        # Residents' comments: the menu entry, and a block on each commented page of the apps below.
        register_comments()
