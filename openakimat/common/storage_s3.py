"""Residents' documents in an S3-compatible object store (``STORAGE_BACKEND=s3``).

Kept apart from ``storage.py`` so that a deployment on local disk never imports boto3."""

from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage

from .storage import PRIVATE_STORAGE_PATH


class PrivateS3Storage(S3Storage):
    """Objects under the bucket's ``private/`` prefix, written without an ACL (so as private as the
    bucket, never public-read) and never given an address, signed or not: the staff download view
    reads them and streams them after checking the case, and audits the download."""

    def __init__(self, **options: Any) -> None:
        options["default_acl"] = None
        options["querystring_auth"] = True
        super().__init__(**options)

    def _save(self, name: str, content: Any) -> str:
        # A store that can't take the file (unreachable, refusing, full) fails like a disk that
        # can't: with an OSError, which the services turn into "try again later" and a clean-up.
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as exc:
            raise OSError(f"the object store refused the file ({type(exc).__name__})") from exc

    def url(self, name: str | None, parameters: Any = None, expire: Any = None, http_method: Any = None) -> str:
        raise NotImplementedError("private files have no URL; they are served through a checked view")

    def deconstruct(self) -> tuple[str, tuple[()], dict[str, object]]:
        return (PRIVATE_STORAGE_PATH, (), {})
