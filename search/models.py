"""The portal's one folded search index: an entry per live page of a unit."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.models import Page


class SearchEntry(models.Model):
    """One live page in the portal's own search index, with its text folded for diacritic-insensitive matching.

    Kept up to date by search/signals.py; rebuilt by `manage.py rebuild_search_entries`. Whether a page is live and
    public is checked again at query time (search/pages.py), so a private or unpublished ancestor hides it at once.
    The table keeps the name it had when the index lived in the home app.
    """

    page = models.OneToOneField(Page, on_delete=models.CASCADE, related_name="search_entry")
    unit = models.ForeignKey("sites.Unit", on_delete=models.CASCADE, related_name="+", null=True)
    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE, related_name="+")
    title = models.CharField(max_length=255)
    text = models.TextField(blank=True)
    title_folded = models.CharField(max_length=255, db_index=True)
    text_folded = models.TextField(blank=True)
    last_published_at = models.DateTimeField(null=True, db_index=True)

    class Meta:
        db_table = "home_searchentry"
        verbose_name = _("mục tìm kiếm")
        verbose_name_plural = _("mục tìm kiếm")
        indexes = [models.Index(fields=["unit", "content_type"], name="home_search_unit_type")]

    def __str__(self) -> str:
        return self.title
