from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    name = "openakimat.news"
    label = "news"
    verbose_name = _("News and announcements")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .links import register_known_kinds
        from .navigation import register_staff_nav

        register_known_kinds()
        register_staff_nav()
