"""Keys of the Open311 clients that may submit problem reports (a city app, a civic developer's
project), the developers' requests for keys, and the media links clients send."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from openakimat.common.crypto import EncryptedTextField
from openakimat.problems.models import Report
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


class KeySignup(models.Model):
    """A civic developer's request for a key. The confirmation link sent to their e-mail issues the
    key once; the revocation link in the same e-mail switches it off. Only the links' SHA-256 are
    stored; the e-mail address is encrypted and shown to no one."""

    name = models.CharField(_("name"), max_length=100)
    email = EncryptedTextField(_("e-mail"))
    project = models.CharField(_("project"), max_length=200)
    akimat = models.ForeignKey(
        Akimat, on_delete=models.PROTECT, related_name="open311_signups", verbose_name=_("akimat")
    )
    confirm_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    revoke_token_hash = models.CharField(max_length=64, unique=True, editable=False)
    language = models.CharField(max_length=2, default="kk")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmed at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    key = models.OneToOneField(
        ApiKey, on_delete=models.PROTECT, null=True, blank=True, related_name="signup", verbose_name=_("key")
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("Open311 key request")
        verbose_name_plural = _("Open311 key requests")

    def __str__(self) -> str:
        return f"{self.name} ({self.project})"


class SubmittedMedia(models.Model):
    """The `media_url` an Open311 client sent with a report (a link to its own copy of a photo):
    the problem register keeps photos, not links, so the link is kept here."""

    report = models.OneToOneField(Report, on_delete=models.CASCADE, related_name="open311_media")
    url = models.URLField(max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("media link sent by an Open311 client")
        verbose_name_plural = _("media links sent by Open311 clients")

    def __str__(self) -> str:
        return f"media of report {self.report_id}"
