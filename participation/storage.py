"""Where citizens' attachments are kept: outside the public media, served only through the admin to those who may
read the submission."""

from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class PrivateStorage(LazyObject):
    def _setup(self) -> None:
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)


private_storage = PrivateStorage()


def get_private_storage() -> PrivateStorage:
    """The storage of citizens' files, named by reference in migrations (an instance would bake this machine's
    PRIVATE_MEDIA_ROOT into them, and `makemigrations --check` would fail on every other checkout)."""
    return private_storage


def private_attachment_path(instance, filename: str) -> str:
    return f"hoi-dap/{instance.unit_id}/{filename}"
