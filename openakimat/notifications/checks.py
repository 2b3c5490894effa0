"""Deploy checks of the SMS configuration (`manage.py check --deploy`); docs/configuration.md,
"Production checks", lists the ids."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.utils.module_loading import import_string

from .sms import BACKENDS, HttpSmsBackend, LoggingSmsBackend


@register(Tags.security, deploy=True)
def sms_backend_for_production(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    name = settings.SMS_BACKEND
    try:
        backend = BACKENDS.get(name) or import_string(name)
    except ImportError:
        return [
            Error(
                f"SMS_BACKEND {name!r} is neither 'log', 'http' nor an importable class.",
                hint="Set SMS_BACKEND=http and SMS_GATEWAY_URL, or the dotted path of your SmsBackend subclass.",
                id="openakimat.E003",
            )
        ]
    if isinstance(backend, type) and issubclass(backend, LoggingSmsBackend):
        return [
            Error(
                "SMS_BACKEND is 'log' with DEBUG off: messages to residents are not sent, only written to the log.",
                hint="Set SMS_BACKEND=http and SMS_GATEWAY_URL (docs/configuration.md).",
                id="openakimat.E002",
            )
        ]
    if backend is HttpSmsBackend and not settings.SMS_GATEWAY_URL.startswith(("https://", "http://")):
        return [
            Error(
                "SMS_BACKEND is 'http' but SMS_GATEWAY_URL is not an http(s) address: every SMS would fail.",
                hint="Set SMS_GATEWAY_URL to the gateway's address.",
                id="openakimat.E003",
            )
        ]
    return []
