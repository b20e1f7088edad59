"""The portal's own usage counter: page views per unit, section and day (Decree 224/2026 Art. 12).

No cookie is set and no IP address, user agent or time of day is stored: a row is (unit, section, day, count).
Crawlers and bots are not counted.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PageViewCount(models.Model):
    unit = models.ForeignKey("sites.Unit", on_delete=models.CASCADE, related_name="+")
    section = models.CharField(_("chuyên mục"), max_length=40, blank=True)  # blueprint key; "" for the home page
    day = models.DateField(_("ngày"))
    views = models.PositiveIntegerField(_("lượt xem"), default=0)

    class Meta:
        verbose_name = _("lượt xem trang")
        verbose_name_plural = _("lượt xem trang")
        constraints = [
            models.UniqueConstraint(fields=["unit", "section", "day"], name="reports_unique_page_view_count")
        ]
        indexes = [models.Index(fields=["day", "unit"])]
