"""A stand-in for the scoring engine (`report.build`, `report.trend`) while the dashboard is built and tested.

Builds realistic `OversightReport` objects from real Units: every check that applies to the unit's kind, an unsaved
score table with points tied to each check's clause, a deterministic ratio per (unit, check, month), findings that
link to the unit's admin and public pages, counts, usage and ratings. It reads nothing but the units (one query
when `units` is None), so the dashboard's own queries can be counted. Replace with the real engine once merged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from reports.oversight import report
from reports.oversight.checks import COMPLETENESS, checks_for_kind
from reports.oversight.periods import Period
from reports.oversight.report import ItemScore, OversightReport, UnitReport
from reports.oversight.results import CheckResult, Finding
from reports.oversight.tables import ScoreItem, ScoreTable
from sites.models import Unit

RATIOS = (1.0, 1.0, 0.5, 0.0, None, 1.0, 0.75)
TODAY = dt.date(2026, 12, 4)


def score_table(period: Period) -> ScoreTable:
    return ScoreTable(name="Bộ tiêu chí đánh giá cổng thành phần 2026", valid_from=dt.date(2026, 1, 1))


def ratio_for(unit: Unit, index: int, period: Period) -> float | None:
    return RATIOS[(unit.pk * 3 + index + period.start.month) % len(RATIOS)]


def unit_report(unit: Unit, table: ScoreTable, period: Period) -> UnitReport:
    lines = []
    for index, check in enumerate(checks_for_kind(unit.kind)):
        maximum = Decimal(2) if check.group == COMPLETENESS else Decimal(1)
        item = ScoreItem(
            table=table,
            check_key=check.key,
            label=check.title,
            clause=check.clause(unit.kind),
            max_points=maximum,
            sort_order=index,
        )
        ratio = ratio_for(unit, index, period)
        findings = []
        if ratio is not None and ratio < 1:
            findings = [
                Finding(
                    label=f"{check.title} ({unit.name})",
                    detail="Chưa đạt yêu cầu trong kỳ",
                    edit_url=reverse("wagtailadmin_pages:edit", args=[unit.home_page_id]),
                    public_url=f"http://{unit.slug}.tayninh.localhost/",
                )
            ]
        result = CheckResult(
            check.key,
            unit.pk,
            ratio,
            summary=f"Đạt {int((ratio or 0) * 100)}%" if ratio is not None else "",
            findings=findings,
            value=ratio,
        )
        applies = ratio is not None
        points = (maximum * Decimal(str(ratio))).quantize(Decimal("0.01")) if applies else Decimal(0)
        lines.append(ItemScore(item, check, result, points, maximum if applies else Decimal(0)))
    return UnitReport(
        unit=unit,
        items=lines,
        points=sum((line.points for line in lines), Decimal(0)),
        maximum=sum((line.maximum for line in lines), Decimal(0)),
        counts={"articles": unit.pk * 4 % 23, "documents": unit.pk % 7, "questions_overdue": unit.pk % 3},
        views=unit.pk * 101,
        views_by_section={"news": unit.pk * 60, "documents": unit.pk * 41},
        rating_average=3.5 + unit.pk % 3 * 0.5,
        rating_count=unit.pk % 5 + 1,
    )


def fake_build(period: Period, units=None, today: dt.date | None = None) -> OversightReport:
    units = list(Unit.objects.select_related("site").order_by("pk") if units is None else units)
    table = score_table(period)
    lines = sorted((unit_report(unit, table, period) for unit in units), key=lambda line: (-line.percent, line.unit.pk))
    for rank, line in enumerate(lines, start=1):
        line.rank = rank
    return OversightReport(period=period, table=table, units=lines, today=today or TODAY)


def fake_trend(
    units, periods: list[Period], today: dt.date | None = None, running: OversightReport | None = None
) -> dict[int, list[float | None]]:
    today = today or TODAY
    return {
        unit.pk: [
            None if month.start > today else float(40 + (unit.pk * 13 + index * 7) % 60)
            for index, month in enumerate(periods)
        ]
        for unit in units
    }


def install(monkeypatch) -> None:
    """Make the dashboard read the fake engine (views and hooks call `report.build` / `report.trend`)."""
    monkeypatch.setattr(report, "build", fake_build)
    monkeypatch.setattr(report, "trend", fake_trend)
