from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LanguagesConfig(AppConfig):
    """Vietnamese first, English under /en/: the locale middleware, which page exists in which language, the
    language switcher and hreflang tags, and `compile_translations` for the interface catalogues."""

    name = "languages"
    label = "languages"
    verbose_name = _("Ngôn ngữ")
