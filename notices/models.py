"""Planned suspensions of the portals (Decree 224/2026/NĐ-CP Art. 13) and the city's alerts to its units' portals.

Both name the units whose portals show them, or all units. A `MaintenanceWindow` is announced on those portals from
`NOTICE_WORKING_DAYS` working days before it starts (the working-day calendar of `workdays`) and, while it runs, their
public pages answer 503 (notices/middleware.py). An `Alert` is shown at the top of every public page of its units
while it is valid.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from sites.models import Unit

# Art. 13: a planned suspension is announced on the portal at least this many working days before it starts.
NOTICE_WORKING_DAYS = 7


class MaintenanceWindow(models.Model):
    starts_at = models.DateTimeField(_("bắt đầu tạm ngừng"))
    ends_at = models.DateTimeField(_("dự kiến hoạt động trở lại"))
    reason = models.CharField(_("lý do"), max_length=255, help_text=_("Ví dụ: nâng cấp máy chủ và phần mềm cổng"))
    reason_en = models.CharField(_("lý do (tiếng Anh)"), max_length=255, blank=True)
    all_units = models.BooleanField(_("tất cả đơn vị"), default=False)
    units = models.ManyToManyField(Unit, verbose_name=_("các đơn vị"), blank=True, related_name="+")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("lịch tạm ngừng cổng")
        verbose_name_plural = _("lịch tạm ngừng cổng")

    def __str__(self) -> str:
        return f"{self.starts_at:%d/%m/%Y %H:%M} – {self.reason}"


class Alert(models.Model):
    class Severity(models.TextChoices):
        INFO = "info", _("Thông tin")
        WARNING = "warning", _("Cảnh báo")
        URGENT = "urgent", _("Khẩn cấp")

    title = models.CharField(_("tiêu đề"), max_length=200, help_text=_("Ví dụ: Cảnh báo bão số 5 đổ bộ"))
    title_en = models.CharField(_("tiêu đề (tiếng Anh)"), max_length=200, blank=True)
    body = models.TextField(_("nội dung"), max_length=1000)
    body_en = models.TextField(_("nội dung (tiếng Anh)"), max_length=1000, blank=True)
    severity = models.CharField(_("mức độ"), max_length=10, choices=Severity.choices, default=Severity.WARNING)
    valid_from = models.DateTimeField(_("hiển thị từ"))
    valid_until = models.DateTimeField(_("hiển thị đến"))
    all_units = models.BooleanField(_("tất cả đơn vị"), default=False)
    units = models.ManyToManyField(Unit, verbose_name=_("các đơn vị"), blank=True, related_name="+")
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-valid_from"]
        verbose_name = _("cảnh báo")
        verbose_name_plural = _("cảnh báo")

    def __str__(self) -> str:
        return self.title
