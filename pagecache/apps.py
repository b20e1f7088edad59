from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PageCacheConfig(AppConfig):
    name = "pagecache"
    label = "pagecache"
    verbose_name = _("Bộ nhớ đệm trang")

    def ready(self):
        # Imported here: the receivers import models, which are not loaded when this module is.
        from . import checks  # noqa: F401  (registers the deploy check)
        from .invalidation import connect_receivers

        connect_receivers()
