"""Points per unit from the checks' results and the period's score table.

An item earns `ratio × max_points × weight` (the share of its rule the unit met, 0–1); its maximum is
`max_points × weight`. An item counts towards the maximum only when its check applies to the unit's kind and its
result applies this period (a ratio, not None: e.g. no document was issued, so none could be late). The unit's
percent is `Σ points / Σ maximum × 100`, so a ward without the science section reaches 100 like the city. Every
figure is a Decimal rounded to 2 places (items first, totals are the sum of the rounded items, as on paper).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .checks import Check, all_checks
from .periods import Period
from .results import CheckResult
from .tables import ScoreItem, ScoreTable

CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class ItemScore:
    """One line of the table for one unit: None `result` or a non-applying one leaves the item out of the maximum.

    `item` is the table's row, or, for a kept period, an unsaved copy of the row as it was when the period was
    scored (tables.UnitScore.results)."""

    item: ScoreItem
    check: Check
    result: CheckResult | None
    points: Decimal
    maximum: Decimal
    kind: str = ""  # the unit's kind (sites.UnitKind): which of the section's clauses applies to it

    @property
    def clause(self) -> str:
        """The clause to show the unit: the one for its kind when the item cites the section's whole basis (which
        lists the clause of every level), otherwise the item's clause as the office wrote it."""
        try:
            section = self.check.section_of() if self.check.section else None
        except KeyError:  # a section the blueprint no longer has
            section = None
        if self.kind and section is not None and self.item.clause == section.basis:
            return self.check.clause(self.kind)
        return self.item.clause

    @property
    def applies(self) -> bool:
        return self.result is not None and self.result.applies

    @property
    def passed(self) -> bool:
        return self.result is not None and self.result.passed


class NoScoreTable(LookupError):
    """No score table applies to the period (none valid from its first day or before)."""


def cents(value: Decimal) -> Decimal:
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def percent(points: Decimal, maximum: Decimal) -> Decimal:
    """`points / maximum × 100`, 2 places; 0 when nothing applies."""
    return cents(points / maximum * 100) if maximum else ZERO


def table_for(period: Period) -> ScoreTable:
    """The table a period is scored by: the latest one valid from the period's first day or before (items
    prefetched in their order)."""
    table = (
        ScoreTable.objects.filter(valid_from__lte=period.start)
        .order_by("-valid_from", "-pk")
        .prefetch_related(Prefetch("items", queryset=ScoreItem.objects.order_by("sort_order", "pk")))
        .first()
    )
    if table is None:
        message = _("Chưa có thang điểm áp dụng cho %(period)s.") % {"period": period.label}
        raise NoScoreTable(message)
    return table


def checks_by_key() -> dict[str, Check]:
    return {check.key: check for check in all_checks()}


def check_of(item: ScoreItem, known: Mapping[str, Check]) -> Check:
    """The check an item scores; an item of a check that no longer exists (an old table) keeps its own label and
    clause, applies to every kind and gets no result, so it stays out of the maximum."""
    check = known.get(item.check_key)
    if check is None:
        return Check(item.check_key, "", item.label, basis=item.clause)
    return check


def item_points(item: ScoreItem, result: CheckResult | None) -> tuple[Decimal, Decimal]:
    """(points, maximum) of one item for one result; (0, 0) when the result does not apply."""
    if result is None or result.ratio is None:
        return ZERO, ZERO
    ratio = min(max(Decimal(str(result.ratio)), Decimal(0)), Decimal(1))
    maximum = cents(Decimal(item.max_points) * Decimal(item.weight))
    return cents(ratio * Decimal(item.max_points) * Decimal(item.weight)), maximum


def score(table: ScoreTable, unit, results: Mapping[str, CheckResult], known: Mapping[str, Check] | None = None):
    """(items, points, maximum) of `unit` by `table` from its `results` ({check key: result}).

    `items` lists the table's items whose check applies to the unit's kind (an item whose result does not apply
    this period is listed with 0 of 0 points); items of checks that do not apply to the kind are left out."""
    known = checks_by_key() if known is None else known
    lines = []
    points = maximum = ZERO
    for item in table.items.all():
        check = check_of(item, known)
        if not check.applies_to(unit.kind):
            continue
        result = results.get(item.check_key)
        earned, possible = item_points(item, result)
        lines.append(ItemScore(item=item, check=check, result=result, points=earned, maximum=possible, kind=unit.kind))
        points += earned
        maximum += possible
    return lines, points, maximum
