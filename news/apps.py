from django.apps import AppConfig


class NewsConfig(AppConfig):
    """News, announcements, feeds and syndication between units (issue 4)."""

    name = "news"
    verbose_name = "Tin tức"
