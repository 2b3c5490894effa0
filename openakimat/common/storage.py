"""Where residents' documents are kept: a directory outside the web root, never given a URL."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.translation import gettext_lazy as _

from openakimat.common.errors import TemporarilyUnavailable


class StorageUnavailable(TemporarilyUnavailable):
    """The private storage would not take a file (unwritable, full, unmounted): nothing was saved."""

    default_message = _(
        "The documents can't be stored just now, so nothing was saved. Please try again in a few minutes."
    )


class PrivateStorage(FileSystemStorage):
    """Files under ``settings.PRIVATE_MEDIA_ROOT`` (read on every use, so tests can move it),
    readable by the server's user only. Staff download them through a view that checks the case."""

    def __init__(self) -> None:
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
        return ("openakimat.common.storage.PrivateStorage", (), {})


private_storage = PrivateStorage()
