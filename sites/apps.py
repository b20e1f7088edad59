from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SitesConfig(AppConfig):
    name = "sites"
    label = "sites"
    verbose_name = _("Đơn vị và cổng thành phần")

    def ready(self):
        # Connects the log-entry unit tagging; registers the page policy giving the oversight group read access.
        from . import activity, oversight_access  # noqa: F401
        from .transactions import make_publishing_atomic

        make_publishing_atomic()
        from .publishing import bound_translation_creator

        bound_translation_creator()  # wagtail-localize adds no row its user may not change (sites.publishing)
