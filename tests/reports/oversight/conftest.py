"""Deterministic stand-ins for the checks engine, the counts and the usage counter (built on other branches), and a
small score table whose figures are worked out by hand in the tests."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports import usage
from reports.oversight import checks, metrics
from reports.oversight.checks import checks_for_kind
from reports.oversight.results import CheckResult, Finding
from reports.oversight.tables import ScoreItem, ScoreTable

# A table of its own, valid after the default one (2026-01-01) so it scores the periods the tests use.
SMALL_FROM = dt.date(2026, 3, 1)
SMALL_ITEMS = (
    # key, max points, weight
    ("documents.present", "10", "1"),
    ("news.items_per_days", "20", "2"),
    ("science.present", "5", "1"),  # provincial and department only: out of a ward's maximum
    ("quality.image_alt", "10", "1"),
)


class FakeEngine:
    """`evaluate` gives every check of the unit's kind the ratio set in `ratios[(unit slug, key)]` (1.0 otherwise;
    None makes the result not apply); `counts` and `views` give what the tests set. Counts its calls."""

    def __init__(self):
        self.ratios: dict[tuple[str, str], float | None] = {}
        self.counts_by_slug: dict[str, dict[str, int]] = {}
        self.views_by_slug: dict[str, dict[str, int]] = {}
        self.calls = {"evaluate": 0, "counts": 0, "views": 0}

    def evaluate(self, units, period, today=None):
        self.calls["evaluate"] += 1
        results = {}
        for unit in units:
            results[unit.pk] = {}
            for check in checks_for_kind(unit.kind):
                ratio = self.ratios.get((unit.slug, check.key), 1.0)
                findings = []
                if ratio is not None and ratio < 1:
                    findings = [
                        Finding(
                            f"Thiếu nội dung “{check.key}”",
                            "Chưa đạt yêu cầu",
                            edit_url=f"/admin/pages/{unit.pk}/edit/",
                            public_url=f"http://{unit.slug}.test/",
                        )
                    ]
                results[unit.pk][check.key] = CheckResult(
                    check.key, unit.pk, ratio, summary=f"{ratio}", findings=findings, value=ratio
                )
        return results

    def counts(self, units, period, today=None):
        self.calls["counts"] += 1
        return {unit.pk: dict(self.counts_by_slug.get(unit.slug, {})) for unit in units}

    def views(self, units, period):
        self.calls["views"] += 1
        return {unit.pk: dict(self.views_by_slug[unit.slug]) for unit in units if unit.slug in self.views_by_slug}


@pytest.fixture
def engine(monkeypatch) -> FakeEngine:
    fake = FakeEngine()
    monkeypatch.setattr(checks, "evaluate", fake.evaluate)
    monkeypatch.setattr(metrics, "counts", fake.counts)
    monkeypatch.setattr(usage, "views", fake.views, raising=False)
    return fake


def make_table(valid_from: dt.date, items=SMALL_ITEMS, name: str = "Thang điểm thử nghiệm") -> ScoreTable:
    table = ScoreTable.objects.create(name=name, valid_from=valid_from, basis="Quyết định 15/QĐ-UBND")
    for order, (key, points, weight) in enumerate(items):
        ScoreItem.objects.create(
            table=table,
            check_key=key,
            label=checks.get_check(key).title,
            clause=checks.get_check(key).clause("city"),
            max_points=Decimal(points),
            weight=Decimal(weight),
            sort_order=order,
        )
    return table


@pytest.fixture
def small_table(db) -> ScoreTable:
    return make_table(SMALL_FROM)


def backdate(*units, to: dt.datetime = dt.datetime(2025, 1, 1, tzinfo=dt.UTC)) -> None:
    """Units created before the periods the tests score (provisioning stamps them with today's clock)."""
    from sites.models import Unit

    Unit.objects.filter(pk__in=[unit.pk for unit in units]).update(created_at=to)
    for unit in units:
        unit.created_at = to
