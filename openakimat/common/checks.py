"""The project's own deploy checks on shared plumbing (`manage.py check --deploy`). Each app keeps
the checks of what it owns (the SMS backend in notifications, the demo's accounts in demo);
docs/configuration.md, "Production checks", lists every id."""

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register

# Caches that live inside one process: each worker would count its own rate limits, keep its own
# "sealing queued" flag and forget it on restart.
PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG:
        return []
    backend = settings.CACHES.get("default", {}).get("BACKEND", "")
    if backend in PER_PROCESS_CACHES:
        return [
            Error(
                f"The default cache is {backend.rsplit('.', 1)[-1]}, private to each process, and DEBUG is off: "
                "rate limits would count per worker and the audit sealer's flag would not be shared.",
                hint="Set CACHE_URL to a shared cache, e.g. redis://127.0.0.1:6379/1 (docs/configuration.md).",
                id="openakimat.E004",
            )
        ]
    return []


@register(Tags.security, deploy=True)
def security_contact(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or settings.SECURITY_CONTACT.strip():
        return []
    return [
        Warning(
            "SECURITY_CONTACT is empty: /.well-known/security.txt does not exist, so someone who finds a "
            "vulnerability in this deployment has no private way to report it.",
            hint='Set SECURITY_CONTACT, e.g. "mailto:security@akimat.example.kz" (docs/security.md).',
            id="openakimat.W002",
        )
    ]


@register(Tags.security, deploy=True)
def site_url(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    if settings.DEBUG or not settings.SITE_URL.startswith(("http://localhost", "http://127.0.0.1")):
        return []
    return [
        Warning(
            f"SITE_URL is {settings.SITE_URL}: the registration SMS, the desk receipt's QR code and link "
            "previews would send residents to an address that is not the site.",
            hint="Set SITE_URL to the site's public address, e.g. https://akimat.sko.gov.kz (docs/configuration.md).",
            id="openakimat.W003",
        )
    ]


@register(Tags.security, deploy=True)
def personal_data_keys(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    from .crypto import keys_are_derived

    if settings.DEBUG or not keys_are_derived():
        return []
    return [
        Error(
            "PERSONAL_DATA_KEYS is empty (or holds the key derived from SECRET_KEY) and DEBUG is off: residents' "
            "IINs, names, phones and e-mails would be encrypted with a key that whoever has SECRET_KEY can derive.",
            hint="Set PERSONAL_DATA_KEYS to a key of its own, made with "
            '`python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"` '
            "(docs/security.md, 'Personal data at rest').",
            id="openakimat.E005",
        )
    ]
