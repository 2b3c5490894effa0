from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class QueueingConfig(AppConfig):
    name = "openakimat.queueing"
    label = "queueing"
    verbose_name = _("Electronic queue")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .booking_notifications import register_kinds as register_booking_kinds
        from .navigation import register_staff_nav
        from .notifications import register_kinds
        from .origins import register_origin
        from .publishing import register as register_publishing

        register_kinds()
        register_booking_kinds()
        register_staff_nav()
        register_origin()
        # The accountability dashboard collects the queue's figures per akimat without knowing this app.
        register_publishing()
