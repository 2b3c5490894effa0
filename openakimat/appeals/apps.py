from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppealsConfig(AppConfig):
    name = "openakimat.appeals"
    label = "appeals"
    verbose_name = _("Written appeals")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from openakimat.control import sources

        from .models import Appeal
        from .navigation import register_staff_nav
        from .notifications import register_kinds

        register_kinds()
        register_staff_nav()
        sources.register(
            sources.SourceKind(name="appeals.appeal", model=Appeal, label=_("Written appeal"), public_url=_public_url)
        )


def _public_url(appeal: object) -> str:
    """The published appeal's page, or "" while it is not published (the appeal itself is private)."""
    from django.urls import reverse

    if not getattr(appeal, "published", False):
        return ""
    return reverse("appeals:detail", kwargs={"number": appeal.number})  # type: ignore[attr-defined]
