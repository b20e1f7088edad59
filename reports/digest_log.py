"""The log of reminder mails sent (reports.digests): never the same digest twice for a unit and period."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sites.models import Unit


class DigestSent(models.Model):
    """One digest decided and sent: for a unit (None for the office's city-wide summary), a kind and a period."""

    class Kind(models.TextChoices):
        WEEKLY = "weekly", _("Việc cần làm trong tuần (Ban Biên tập)")
        MONTHLY_HEAD = "monthly_head", _("Tổng kết tháng (Thủ trưởng đơn vị)")
        MONTHLY_OFFICE = "monthly_office", _("Tổng hợp tháng (Phòng Nội vụ)")

    unit = models.ForeignKey(Unit, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("loại thư"), max_length=20, choices=Kind.choices)
    period = models.CharField(_("kỳ"), max_length=10)  # 2026-W49 for a week, 2026-11 for a month
    recipients = models.PositiveIntegerField(_("số người nhận"), default=0)
    sent_at = models.DateTimeField(_("gửi lúc"), default=timezone.now)

    class Meta:
        verbose_name = _("thư nhắc việc đã gửi")
        verbose_name_plural = _("thư nhắc việc đã gửi")
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "kind", "period"], condition=Q(unit__isnull=False), name="reports_unique_unit_digest"
            ),
            models.UniqueConstraint(
                fields=["kind", "period"], condition=Q(unit__isnull=True), name="reports_unique_office_digest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period} – {self.unit or ''}"
