from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ApplicationsConfig(AppConfig):
    name = "openakimat.applications"
    verbose_name = _("Applications")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openakimat.common import publish

        from .datasets import register_datasets
        from .figures import service_figures
        from .navigation import register_staff_nav
        from .notifications import register_kinds

        # The register's service page shows these figures without knowing this app.
        publish.register("catalogue.service", service_figures)
        register_kinds()
        register_staff_nav()
        register_datasets()
