"""Old migrations import the private storage from here; it lives in `openakimat.common.storage`."""

from openakimat.common.storage import PrivateStorage, private_storage

__all__ = ["PrivateStorage", "private_storage"]
