"""Files of an online application that came back with a mistake, kept so the resident needn't
attach them again.

A draft belongs to the browser's session and to one service: the session holds a short-lived token
and, per document of the list, where its file lies in the private storage (under
`drafts/<stamp>-<token>/`, a generated name) with the resident's file name and size. The files were
checked by their content before they were kept. Registering the application copies them into the
case and discards the draft; `sweep_drafts` (a periodic task) removes drafts older than
`DRAFT_LIFETIME`, whoever left them.
"""

import contextlib
import logging
import os
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import IO, Any

from django.contrib.sessions.backends.base import SessionBase
from django.core.files import File
from django.utils import timezone

from openakimat.common.storage import StorageUnavailable, private_storage

logger = logging.getLogger("openakimat.applications")

PREFIX = "drafts"
SESSION_KEY = "apply_drafts"
DRAFT_LIFETIME = timedelta(hours=2)
MAX_DRAFTS = 3  # services with a draft in one session at once; the oldest goes first
STAMP = "%Y%m%d%H%M"
TOKEN = re.compile(r"^(\d{12})-[0-9a-f]{32}$")
STORED = re.compile(r"^[0-9a-f]{32}\.[a-z0-9]{1,8}$")


@dataclass(frozen=True)
class DraftFile:
    path: str
    name: str
    size: int


class Draft:
    """The kept files of one service's form in one session."""

    def __init__(self, session: SessionBase, code: str) -> None:
        self.session = session
        self.code = code
        entry = (session.get(SESSION_KEY) or {}).get(code) or {}
        token = entry.get("token", "")
        self.token = token if isinstance(token, str) and TOKEN.match(token) and not _expired(token) else ""
        self.files: dict[int, DraftFile] = {}
        if self.token:
            for key, item in (entry.get("files") or {}).items():
                path = item.get("path", "") if isinstance(item, dict) else ""
                if str(key).isdigit() and path.startswith(f"{self._folder()}/"):
                    self.files[int(key)] = DraftFile(path, str(item.get("name", ""))[:120], int(item.get("size", 0)))

    def _folder(self) -> str:
        return f"{PREFIX}/{self.token}"

    def keep(self, document: int, file: IO[bytes], name: str, extension: str, size: int) -> None:
        """Keep a checked file for a document of the list, in place of one kept before."""
        if not self.token:
            self.token = f"{timezone.now().strftime(STAMP)}-{secrets.token_hex(16)}"
        self.remove(document)
        file.seek(0)
        try:
            path = private_storage.save(f"{self._folder()}/{uuid.uuid4().hex}.{extension}", File(file))
        except OSError as exc:
            logger.error("the private storage refused a draft file: %s", type(exc).__name__)
            raise StorageUnavailable() from exc
        self.files[document] = DraftFile(path, name, size)
        self._save()

    def remove(self, document: int) -> None:
        kept = self.files.pop(document, None)
        if kept is not None:
            _delete(kept.path)
            self._save()

    def open(self, document: int) -> File:
        """The kept file, opened for reading; its name is the resident's."""
        kept = self.files[document]
        handle = private_storage.open(kept.path, "rb")
        return File(handle, name=kept.name)

    def discard(self) -> None:
        for kept in self.files.values():
            _delete(kept.path)
        self.files = {}
        drafts = dict(self.session.get(SESSION_KEY) or {})
        if drafts.pop(self.code, None) is not None:
            self.session[SESSION_KEY] = drafts

    def _save(self) -> None:
        drafts = dict(self.session.get(SESSION_KEY) or {})
        drafts.pop(self.code, None)
        while len(drafts) >= MAX_DRAFTS:
            Draft(self.session, next(iter(drafts))).discard()
            drafts = dict(self.session.get(SESSION_KEY) or {})
            drafts.pop(self.code, None)
        drafts[self.code] = {
            "token": self.token,
            "files": {str(k): {"path": f.path, "name": f.name, "size": f.size} for k, f in self.files.items()},
        }
        self.session[SESSION_KEY] = drafts


def _expired(token: str, now: datetime | None = None) -> bool:
    try:
        made = datetime.strptime(token[:12], STAMP).replace(tzinfo=UTC)
    except ValueError:
        return True
    return made < (now or timezone.now()) - DRAFT_LIFETIME


def _delete(path: str) -> None:
    try:
        private_storage.delete(path)
    except OSError:
        logger.error("could not remove a draft file")


def sweep_drafts(now: datetime | None = None) -> int:
    """Remove the drafts older than `DRAFT_LIFETIME`; the number of drafts removed."""
    try:
        folders, _files = private_storage.listdir(PREFIX)
    except (FileNotFoundError, NotADirectoryError):
        return 0
    removed = 0
    for folder in folders:
        if not TOKEN.match(folder) or not _expired(folder, now):
            continue
        path = f"{PREFIX}/{folder}"
        _subfolders, files = private_storage.listdir(path)
        for name in files:
            _delete(f"{path}/{name}")
        _remove_folder(path)
        removed += 1
    return removed


def _remove_folder(path: str) -> None:
    """An emptied folder on a file system (object stores have none)."""
    try:
        location: Any = private_storage.path(path)
    except NotImplementedError:
        return
    with contextlib.suppress(OSError):  # not empty, or gone already
        os.rmdir(location)
