"""The oversight report of a period: every unit's checks, points, rank, counts and usage.

The contract the dashboard, the exports and the digests read. `build` evaluates the checks (checks.evaluate),
scores them with the period's table (scoring), adds the counts (metrics) and usage, and ranks the units; a closed
period is read from the kept `UnitScore` rows when they exist (and kept when they do not).

A kept row holds everything the report shows of its unit (each item's label, clause, points, weight, ratio, summary
and findings, the counts, views and ratings), so a past period shows what it was scored with even after the table's
rows or the checks change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from decimal import Decimal

from django.db.models import Avg, Count

from participation.models import PageRating
from sites.blueprint import BLUEPRINT
from sites.models import Unit
from workdays import calendar

from .. import usage
from . import checks, metrics
from .periods import Period
from .results import CheckResult, Finding
from .scoring import ItemScore, NoScoreTable, check_of, checks_by_key, percent, score, table_for
from .tables import ScoreItem, ScoreTable, UnitScore

__all__ = [
    "ItemScore",
    "OversightReport",
    "UnitReport",
    "build",
    "is_settled",
    "latest_kept",
    "longest_deadline",
    "only",
    "settles_on",
    "trend",
]


def longest_deadline() -> int:
    """The longest deadline in working days among the blueprint's freshness rules (an item published this many
    working days after its event is still on time)."""
    return max(
        (
            rule.days
            for section in BLUEPRINT.sections
            for rule in section.freshness.rules
            if rule.working_days and rule.days is not None
        ),
        default=0,
    )


def settles_on(period: Period) -> dt.date:
    """The last day a deadline that began in `period` can still be met: the period's scores are final after it."""
    return calendar.add_working_days(period.end, longest_deadline())


def is_settled(period: Period, today: dt.date) -> bool:
    """Whether `period` is over and every deadline begun in it has run out: only then are its scores kept."""
    return today > settles_on(period)


@dataclass
class UnitReport:
    unit: Unit
    items: list[ItemScore]
    points: Decimal
    maximum: Decimal
    rank: int = 0
    # metrics.COUNTS keys: articles, documents, schedule_entries, questions_answered, questions_overdue, …
    counts: dict[str, int] = field(default_factory=dict)
    views: int = 0  # page views in the period (usage counter)
    views_by_section: dict[str, int] = field(default_factory=dict)
    rating_average: float | None = None  # satisfaction ratings in the period, 1–5
    rating_count: int = 0
    kept: bool = False  # read from (or just written to) the kept scores of a closed period

    @property
    def percent(self) -> float:
        return float(self.percent_exact)

    @property
    def percent_exact(self) -> Decimal:
        """The percent as a Decimal rounded to 2 places (what ranks units and what the exports show)."""
        return percent(self.points, self.maximum)

    @property
    def failing(self) -> list[ItemScore]:
        """The applicable items not fully met, the largest loss of points first."""
        failing = [line for line in self.items if line.result is not None and line.result.applies]
        failing = [line for line in failing if not line.result.passed]
        return sorted(failing, key=lambda line: line.points - line.maximum)


@dataclass
class OversightReport:
    period: Period
    table: ScoreTable
    units: list[UnitReport]  # ranked, best first
    today: dt.date

    @property
    def closed(self) -> bool:
        return self.period.is_closed(self.today)

    @property
    def settled(self) -> bool:
        """Closed and past every deadline begun in the period: the scores are final (and kept)."""
        return is_settled(self.period, self.today)

    @property
    def settles_on(self) -> dt.date:
        return settles_on(self.period)

    def for_unit(self, unit_id: int) -> UnitReport | None:
        return next((line for line in self.units if line.unit.pk == unit_id), None)


def _ratings(unit_ids: list[int], period: Period) -> dict[int, tuple[float | None, int]]:
    """{unit id: (average score, number of ratings)} in the period: one query."""
    rows = (
        PageRating.objects.filter(unit_id__in=unit_ids, month__gte=period.start.replace(day=1), month__lte=period.end)
        .order_by()
        .values("unit_id")
        .annotate(average=Avg("score"), count=Count("pk"))
    )
    return {row["unit_id"]: (row["average"], row["count"]) for row in rows}


def _compute(units: list[Unit], period: Period, today: dt.date, table: ScoreTable) -> list[UnitReport]:
    """Every unit's report from one call each to the checks, the counts, the usage counter and the ratings."""
    if not units:
        return []
    results = checks.evaluate(units, period, today)
    counts = metrics.counts(units, period, today)
    views = usage.views(units, period)
    ratings = _ratings([unit.pk for unit in units], period)
    known = checks_by_key()
    reports = []
    for unit in units:
        lines, points, maximum = score(table, unit, results.get(unit.pk, {}), known)
        by_section = {section: int(number) for section, number in views.get(unit.pk, {}).items()}
        average, rated = ratings.get(unit.pk, (None, 0))
        reports.append(
            UnitReport(
                unit=unit,
                items=lines,
                points=points,
                maximum=maximum,
                counts=dict(counts.get(unit.pk, {})),
                views=sum(by_section.values()),
                views_by_section=by_section,
                rating_average=float(average) if average is not None else None,
                rating_count=rated,
            )
        )
    return reports


# --- kept scores of closed periods ----------------------------------------------------------------------------


def _kept_line(line: ItemScore) -> dict:
    item, result = line.item, line.result
    return {
        "key": item.check_key,
        "label": str(item.label),
        "clause": str(item.clause),
        "max_points": str(item.max_points),
        "weight": str(item.weight),
        "sort_order": item.sort_order,
        "result": None
        if result is None
        else {
            "ratio": result.ratio,
            "summary": str(result.summary),
            "value": result.value,
            "findings": [{name: str(value) for name, value in asdict(finding).items()} for finding in result.findings],
        },
        "points": str(line.points),
        "maximum": str(line.maximum),
    }


def _kept_results(report: UnitReport) -> dict:
    return {
        "items": [_kept_line(line) for line in report.items],
        "counts": report.counts,
        "views": report.views,
        "views_by_section": report.views_by_section,
        "rating_average": report.rating_average,
        "rating_count": report.rating_count,
    }


def _from_kept(kept: UnitScore, unit: Unit, known) -> UnitReport:
    """A unit's report as kept: the items as they were when scored (unsaved copies), not the table's rows today."""
    lines = []
    stored = kept.results or {}
    for entry in stored.get("items", []):
        item = ScoreItem(
            table_id=kept.table_id,
            check_key=entry["key"],
            label=entry["label"],
            clause=entry["clause"],
            max_points=Decimal(entry["max_points"]),
            weight=Decimal(entry["weight"]),
            sort_order=entry.get("sort_order"),
        )
        outcome = entry.get("result")
        result = None
        if outcome is not None:
            result = CheckResult(
                check=entry["key"],
                unit_id=unit.pk,
                ratio=outcome["ratio"],
                summary=outcome.get("summary", ""),
                findings=[Finding(**finding) for finding in outcome.get("findings", [])],
                value=outcome.get("value"),
            )
        lines.append(
            ItemScore(
                item=item,
                check=check_of(item, known),
                result=result,
                points=Decimal(entry["points"]),
                maximum=Decimal(entry["maximum"]),
                kind=unit.kind,
            )
        )
    return UnitReport(
        unit=unit,
        items=lines,
        points=kept.points,
        maximum=kept.maximum,
        counts=dict(stored.get("counts", {})),
        views=int(stored.get("views", 0)),
        views_by_section=dict(stored.get("views_by_section", {})),
        rating_average=stored.get("rating_average"),
        rating_count=int(stored.get("rating_count", 0)),
        kept=True,
    )


def _keep(reports: list[UnitReport], period: Period, table: ScoreTable) -> None:
    """Write the scores of a closed period (one query); a row another request wrote meanwhile stays as it is."""
    UnitScore.objects.bulk_create(
        [
            UnitScore(
                unit=report.unit,
                period=period.key,
                table=table,
                points=report.points,
                maximum=report.maximum,
                results=_kept_results(report),
            )
            for report in reports
        ],
        ignore_conflicts=True,
    )
    for report in reports:
        report.kept = True


# --- ranking ---------------------------------------------------------------------------------------------------


def ranked(reports: list[UnitReport]) -> list[tuple[UnitReport, int]]:
    """The one ranking rule: best percent (`percent_exact`) first; equal percents share a rank (1, 2, 2, 4) and are
    listed by name. Nothing is changed on the reports."""
    ordered = sorted(reports, key=lambda report: (-report.percent_exact, report.unit.name, report.unit.pk))
    places: list[tuple[UnitReport, int]] = []
    for position, report in enumerate(ordered, start=1):
        if places and report.percent_exact == places[-1][0].percent_exact:
            places.append((report, places[-1][1]))
        else:
            places.append((report, position))
    return places


def rank(reports: list[UnitReport]) -> list[UnitReport]:
    """The reports in `ranked` order, each with its `rank` set."""
    ordered = []
    for report, place in ranked(reports):
        report.rank = place
        ordered.append(report)
    return ordered


def _units(units: Iterable[Unit] | None) -> list[Unit]:
    if units is None:
        return list(Unit.objects.select_related("site").order_by("name"))
    return list(units)


def build(period: Period, units: Iterable[Unit] | None = None, today: dt.date | None = None) -> OversightReport:
    """The report of `period` for `units` (every unit when None). Bounded queries whatever the number of units.

    Units created after the period's end are left out (neither ranked nor kept). A settled period (`is_settled`:
    closed and past its longest deadline) reads each unit's kept score, and computes and keeps those not kept yet
    (with the table the period is scored by); a running or closed but unsettled period is computed live.
    Raises scoring.NoScoreTable when a unit must be scored and no table applies to the period."""
    today = today or calendar.today()
    units = [unit for unit in _units(units) if _existed(unit, period)]
    if not is_settled(period, today):
        table = table_for(period)
        return OversightReport(period, table, rank(_compute(units, period, today, table)), today)
    kept = {
        score.unit_id: score
        for score in UnitScore.objects.filter(
            period=period.key, unit_id__in=[unit.pk for unit in units]
        ).select_related("table")
    }
    known = checks_by_key()
    reports = [_from_kept(kept[unit.pk], unit, known) for unit in units if unit.pk in kept]
    missing = [unit for unit in units if unit.pk not in kept]
    if missing or not kept:
        table = table_for(period)
        computed = _compute(missing, period, today, table)
        _keep(computed, period, table)
        reports += computed
    else:
        table = next(iter(kept.values())).table
    return OversightReport(period, table, rank(reports), today)


def trend(
    units: Iterable[Unit],
    periods: list[Period],
    today: dt.date | None = None,
    running: OversightReport | None = None,
) -> dict[int, list[float | None]]:
    """{unit id: [percent per period, None where the unit did not exist yet or no score table applies]}.

    Settled periods come from the kept scores (one query for all), those not kept yet are computed and kept once
    (one report per such period, not per unit); the others are computed live (the period of `running`, a report
    already built, is read from it rather than built again); periods not begun are None."""
    today = today or calendar.today()
    units = _units(units)
    kept_rows = UnitScore.objects.filter(
        unit_id__in=[unit.pk for unit in units], period__in=[period.key for period in periods]
    ).values_list("unit_id", "period", "points", "maximum")
    percents: dict[tuple[int, str], Decimal] = {
        (unit_id, key): percent(points, maximum) for unit_id, key, points, maximum in kept_rows
    }
    for period in periods:
        if period.start > today:
            continue
        existing = [unit for unit in units if _existed(unit, period)]
        if is_settled(period, today):
            existing = [unit for unit in existing if (unit.pk, period.key) not in percents]
        else:
            for unit in existing:
                percents.pop((unit.pk, period.key), None)
        if running is not None and running.period == period:
            for line in running.units:
                percents[(line.unit.pk, period.key)] = line.percent_exact
            existing = [unit for unit in existing if running.for_unit(unit.pk) is None]
        if not existing:
            continue
        try:
            built = build(period, existing, today)
        except NoScoreTable:
            continue  # no table applies to the period: no point on the trend
        for report in built.units:
            percents[(report.unit.pk, period.key)] = report.percent_exact
    return {
        unit.pk: [
            float(percents[(unit.pk, period.key)]) if (unit.pk, period.key) in percents else None for period in periods
        ]
        for unit in units
    }


def _existed(unit: Unit, period: Period) -> bool:
    created = getattr(unit, "created_at", None)
    return created is None or calendar.local_date(created) <= period.end


@dataclass
class KeptRank:
    """A unit's place in the most recent kept month (`latest_kept`)."""

    unit_id: int
    rank: int
    percent: Decimal
    name: str


def latest_kept(units: Iterable[Unit] | None = None) -> tuple[Period | None, dict[int, KeptRank], int]:
    """(month, {unit id: its place}, how many units were ranked) of the most recent month whose scores are kept, by
    `rank`'s rule (shared ranks on the rounded percent); `units` narrows the places returned, not the ranking.
    (None, {}, 0) when no month is kept yet. Two queries; nothing is evaluated or written."""
    months = UnitScore.objects.filter(period__regex=r"^\d{4}-\d{2}$").order_by("-period")
    latest = months.values_list("period", flat=True).first()
    if latest is None:
        return None, {}, 0
    rows = UnitScore.objects.filter(period=latest).values_list("unit_id", "unit__name", "points", "maximum")
    ordered = sorted(
        ((percent(points, maximum), name, unit_id) for unit_id, name, points, maximum in rows),
        key=lambda row: (-row[0], row[1], row[2]),
    )
    places: dict[int, KeptRank] = {}
    previous: KeptRank | None = None
    for position, (value, name, unit_id) in enumerate(ordered, start=1):
        place_rank = previous.rank if previous is not None and previous.percent == value else position
        previous = places[unit_id] = KeptRank(unit_id, place_rank, value, name)
    if units is not None:
        wanted = {unit.pk for unit in units}
        places = {unit_id: place for unit_id, place in places.items() if unit_id in wanted}
    return Period.parse(latest), places, len(ordered)


def only(report: OversightReport, unit_ids: Iterable[int]) -> OversightReport:
    """The report narrowed to some units, each keeping its rank among all the units the report was built for."""
    wanted = set(unit_ids)
    return OversightReport(
        report.period, report.table, [line for line in report.units if line.unit.pk in wanted], report.today
    )
