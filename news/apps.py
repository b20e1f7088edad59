from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NewsConfig(AppConfig):
    """News, announcements, feeds and syndication between units."""

    name = "news"
    verbose_name = _("Tin tức")
