from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CatalogueConfig(AppConfig):
    name = "openakimat.catalogue"
    label = "catalogue"
    verbose_name = _("Register of public services")

    def ready(self) -> None:
        from .datasets import register_datasets

        register_datasets()
