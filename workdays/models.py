"""The year's official exceptions to Vietnam's public-holiday calendar, kept by superusers.

Weekends and public holidays (lunar Tết included, with the substitutions the `holidays` package knows) come from
`holidays.VN`; a `CalendarDay` adds what the Government announces for a given year: an extra day off, or a
weekend day that is worked in exchange (ngày làm bù).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarDay(models.Model):
    class Kind(models.TextChoices):
        DAY_OFF = "off", _("Ngày nghỉ")
        WORKING_DAY = "work", _("Ngày làm việc (làm bù)")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại ngày"), max_length=8, choices=Kind.choices)
    note = models.CharField(
        _("căn cứ, ghi chú"),
        max_length=255,
        help_text=_("Ví dụ: Thông báo số 6150/TB-BLĐTBXH về lịch nghỉ Tết Nguyên đán"),
    )

    class Meta:
        ordering = ["date"]
        verbose_name = _("ngày nghỉ, ngày làm bù")
        verbose_name_plural = _("ngày nghỉ, ngày làm bù")

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} – {self.get_kind_display()}"
