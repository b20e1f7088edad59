"""Guidance and training material the oversight office publishes to every unit (shown on each unit's dashboard
until read)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.fields import RichTextField

from home.blocks import RICH_TEXT_FEATURES


class Guidance(models.Model):
    title = models.CharField(_("tiêu đề"), max_length=255)
    summary = models.TextField(_("tóm tắt"), max_length=1000, blank=True)
    body = RichTextField(_("nội dung"), features=RICH_TEXT_FEATURES, blank=True)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        verbose_name=_("tài liệu kèm theo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    published_at = models.DateTimeField(_("ngày phát hành"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("hướng dẫn nghiệp vụ")
        verbose_name_plural = _("hướng dẫn nghiệp vụ")

    def __str__(self) -> str:
        return self.title


class GuidanceRead(models.Model):
    guidance = models.ForeignKey(Guidance, on_delete=models.CASCADE, related_name="reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["guidance", "user"], name="reports_unique_guidance_read")]
