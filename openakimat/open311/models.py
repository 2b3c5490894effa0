"""Keys of the Open311 clients that may submit requests (a city app, a partner portal)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openakimat.territory.models import Akimat


class ApiKey(models.Model):
    """A key submits requests to the services offered by its akimat and by the akimats in that
    akimat's territory. Only its first characters and its SHA-256 are stored: the key is shown once."""

    name = models.CharField(_("name"), max_length=100, help_text=_("Who uses the key, e.g. “Talshik city app”."))
    akimat = models.ForeignKey(Akimat, on_delete=models.PROTECT, related_name="open311_keys", verbose_name=_("akimat"))
    prefix = models.CharField(_("prefix"), max_length=8, unique=True, editable=False)
    key_hash = models.CharField(max_length=64, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("Open311 API key")
        verbose_name_plural = _("Open311 API keys")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"
