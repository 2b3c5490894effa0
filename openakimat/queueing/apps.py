from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "openakimat.queueing"
    label = "queueing"
    verbose_name = _("Electronic queue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import publishing

        # The accountability dashboard collects the queue's figures per akimat without knowing this app.
        publishing.register()
