from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoryConfig(AppConfig):
    name = "openakimat.territory"
    label = "territory"
    verbose_name = _("Territories and akimats")
