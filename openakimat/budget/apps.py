from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BudgetConfig(AppConfig):
    name = "openakimat.budget"
    verbose_name = _("Open budgets")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .datasets import register_datasets

        register_datasets()
