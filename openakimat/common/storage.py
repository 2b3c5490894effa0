"""Where residents' documents are kept: never given a public address.

The storage is the one named "private" in ``settings.STORAGES``: by default a directory outside the
web root (``PrivateStorage``); with ``STORAGE_BACKEND=s3`` a prefix of an S3-compatible bucket
(``storage_s3.PrivateS3Storage``). Either way files reach staff only through a view that checks the
case, which reads them with ``open()`` and streams them."""

import os
from typing import Any, cast

from django.conf import settings
from django.core.files.storage import FileSystemStorage, Storage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty
from django.utils.translation import gettext_lazy as _

from openakimat.common.errors import TemporarilyUnavailable

PRIVATE_STORAGE_PATH = "openakimat.common.storage.PrivateStorage"


class StorageUnavailable(TemporarilyUnavailable):
    """The private storage would not take a file (unwritable, full, unmounted): nothing was saved."""

    default_message = _(
        "The documents can't be stored just now, so nothing was saved. Please try again in a few minutes."
    )


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT`` (read on every use, so tests can move it),
    readable by the server's user only. Staff download them through a view that checks the case."""

    def __init__(self, **_options: Any) -> None:
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    @property
    def base_location(self) -> str:
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    def url(self, name: str | None) -> str:
        raise NotImplementedError("private files have no public URL; they are served through a checked view")

    def deconstruct(self) -> tuple[str, tuple[()], dict[str, object]]:
        return (PRIVATE_STORAGE_PATH, (), {})


class ConfiguredPrivateStorage(LazyObject):
    """The "private" storage of ``settings.STORAGES``, looked up on first use. Model fields hold this
    object, so that the deployment's choice of backend needs no migration: it deconstructs as
    ``PrivateStorage`` whichever backend is behind it."""

    def _setup(self) -> None:
        self._wrapped = storages["private"]

    def deconstruct(self) -> tuple[str, tuple[()], dict[str, object]]:
        return (PRIVATE_STORAGE_PATH, (), {})


_configured = ConfiguredPrivateStorage()
private_storage = cast(Storage, _configured)


@receiver(setting_changed)
def _forget_private_storage(*, setting: str, **_kwargs: Any) -> None:
    # Django rebuilds its storages when a test changes STORAGES; follow it.
    if setting == "STORAGES":
        _configured._wrapped = empty  # type: ignore[assignment]
