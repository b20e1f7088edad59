"""The score table (thang điểm) the oversight office scores units by, and the kept scores of closed periods.

A table applies from `valid_from` (the first day of a month) until the next table's `valid_from`. A table that has
scored a closed period is never changed: the office edits a new version, so past periods keep the table they were
scored with (and `UnitScore` keeps what each unit got).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable


class ScoreTable(ClusterableModel):
    name = models.CharField(_("tên thang điểm"), max_length=255)
    valid_from = models.DateField(
        _("áp dụng từ ngày"), help_text=_("Ngày đầu tháng; thang điểm áp dụng đến khi có thang điểm mới.")
    )
    basis = models.CharField(
        _("căn cứ ban hành"),
        max_length=500,
        blank=True,
        help_text=_("Ví dụ: Quyết định số 15/QĐ-UBND ngày 10/01/2026 ban hành Bộ tiêu chí đánh giá cổng thành phần"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-valid_from", "-pk"]
        verbose_name = _("thang điểm")
        verbose_name_plural = _("thang điểm")
        constraints = [models.UniqueConstraint(fields=["valid_from"], name="reports_unique_score_table_start")]

    def __str__(self) -> str:
        return self.name


class ScoreItem(Orderable):
    """One line of the table: a check (oversight.checks) with its points and weight, tied to its legal clause."""

    table = ParentalKey(ScoreTable, on_delete=models.CASCADE, related_name="items")
    check_key = models.CharField(_("tiêu chí kiểm tra"), max_length=80)
    label = models.CharField(_("nội dung tiêu chí"), max_length=255)
    clause = models.CharField(_("căn cứ pháp lý"), max_length=255)
    max_points = models.DecimalField(
        _("điểm tối đa"), max_digits=6, decimal_places=2, validators=[MinValueValidator(0)]
    )
    weight = models.DecimalField(
        _("trọng số"), max_digits=5, decimal_places=2, default=1, validators=[MinValueValidator(0)]
    )

    class Meta(Orderable.Meta):
        verbose_name = _("tiêu chí chấm điểm")
        verbose_name_plural = _("tiêu chí chấm điểm")
        constraints = [models.UniqueConstraint(fields=["table", "check_key"], name="reports_unique_score_item")]

    def __str__(self) -> str:
        return self.label


class UnitScore(models.Model):
    """What a unit scored in a closed period, with the table it was scored by (kept; a closed period never changes).

    `results` keeps each item's ratio, points and findings count, so a past period's drill-down does not recompute.
    """

    unit = models.ForeignKey("sites.Unit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(_("kỳ"), max_length=10)  # Period.key: 2026-11, 2026-Q4, 2026
    table = models.ForeignKey(ScoreTable, on_delete=models.PROTECT, related_name="scores")
    points = models.DecimalField(_("điểm"), max_digits=8, decimal_places=2)
    maximum = models.DecimalField(_("điểm tối đa"), max_digits=8, decimal_places=2)
    results = models.JSONField(default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("điểm của đơn vị")
        verbose_name_plural = _("điểm của đơn vị")
        constraints = [models.UniqueConstraint(fields=["unit", "period"], name="reports_unique_unit_score")]

    @property
    def percent(self) -> float:
        return float(self.points / self.maximum * 100) if self.maximum else 0.0
