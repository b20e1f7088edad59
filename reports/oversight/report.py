"""The oversight report of a period: every unit's checks, points, rank, counts and usage.

The contract the dashboard, the exports and the digests read. `build` evaluates the checks (checks.evaluate),
scores them with the period's table (scoring), adds the counts (metrics) and usage, and ranks the units; a closed
period is read from the kept `UnitScore` rows when they exist (and kept when they do not).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from sites.models import Unit

from .checks import Check
from .periods import Period
from .results import CheckResult
from .tables import ScoreItem, ScoreTable


@dataclass
class ItemScore:
    """One line of the table for one unit: None `result` or a non-applying one leaves the item out of the maximum."""

    item: ScoreItem
    check: Check
    result: CheckResult | None
    points: Decimal
    maximum: Decimal


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

    @property
    def percent(self) -> float:
        return float(self.points / self.maximum * 100) if self.maximum else 0.0

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


def build(period: Period, units: Iterable[Unit] | None = None, today: dt.date | None = None) -> OversightReport:
    """The report of `period` for `units` (every unit when None). Bounded queries whatever the number of units."""
    raise NotImplementedError("built by the scoring branch (issue 17, item 2)")


def trend(units: Iterable[Unit], periods: list[Period], today: dt.date | None = None) -> dict[int, list[float | None]]:
    """{unit id: [percent per period, None where the unit did not exist yet]} for the month-by-month trend."""
    raise NotImplementedError("built by the scoring branch (issue 17, item 2)")
