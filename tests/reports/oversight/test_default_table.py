"""The default score table the migration writes: one item per check as the checks stood when it was written, each
with its clause; 100 points for a unit with every check. A new check fails the first test until a table (a new
version, or the migration of a new one) scores it."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

from reports.oversight.checks import all_checks, checks_for_kind
from reports.oversight.tables import ScoreTable

migration = importlib.import_module("reports.migrations.0002_default_score_table")


def test_the_migration_has_one_item_per_check_of_today():
    keys = [key for key, _label, _clause, _points in migration.ITEMS]
    assert len(keys) == len(set(keys))
    assert set(keys) == {check.key for check in all_checks()}, (
        "A check was added or removed: give the score table a new version (or an item) for it"
    )


def test_each_item_cites_its_checks_clause():
    checks = {check.key: check for check in all_checks()}
    for key, label, clause, _points in migration.ITEMS:
        check = checks[key]
        expected = check.section_of().basis if check.section else check.basis
        assert clause == expected, key
        assert label.startswith(check.section_of().title_vi) if check.section else label == str(check.label)


def test_the_default_table_is_in_the_database_with_100_points_for_a_unit_with_every_check(db):
    table = ScoreTable.objects.get(valid_from=dt.date(2026, 1, 1))
    assert table.name == "Bộ tiêu chí đánh giá cổng thông tin điện tử thành phần"
    items = list(table.items.order_by("sort_order"))
    assert [item.check_key for item in items] == [key for key, *_ in migration.ITEMS]
    assert {item.weight for item in items} == {Decimal(1)}
    assert sum(item.max_points for item in items) == Decimal(100)
    points = {item.check_key: item.max_points for item in items}
    for kind, expected in (("city", 100), ("department", 100), ("ward", Decimal("96.5")), ("public_service", 26)):
        assert sum(points[check.key] for check in checks_for_kind(kind)) == expected, kind
