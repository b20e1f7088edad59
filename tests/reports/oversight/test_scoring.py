"""Scores worked out by hand for a small table: points = ratio × max points × weight, the maximum only over items
that apply to the unit's kind and whose result applies, percent of that maximum; ties share a rank."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from reports.oversight import report
from reports.oversight.periods import Period
from reports.oversight.scoring import NoScoreTable, percent, score, table_for
from reports.oversight.tables import ScoreItem, ScoreTable
from tests.conftest import make_unit

from .conftest import SMALL_FROM, make_table

MARCH = Period.month(2026, 3)
RUNNING = dt.date(2026, 3, 20)


@pytest.fixture
def ward(city):
    return make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh")


def test_table_for_picks_the_latest_table_valid_at_the_start(small_table):
    assert table_for(Period.month(2026, 2)).valid_from == dt.date(2026, 1, 1)  # the default, from the migration
    assert table_for(MARCH) == small_table
    assert table_for(Period.month(2026, 11)) == small_table
    later = make_table(dt.date(2026, 6, 1), name="Phiên bản 3")
    assert table_for(Period.month(2026, 6)) == later
    assert table_for(Period.month(2026, 5)) == small_table
    # A quarter and a year are scored by the table in force on their first day.
    assert table_for(Period.quarter(2026, 2)) == small_table
    assert table_for(Period.year(2026)).valid_from == dt.date(2026, 1, 1)


def test_no_table_before_the_first_one_is_a_vietnamese_error(db):
    with pytest.raises(NoScoreTable, match="Chưa có thang điểm áp dụng cho Tháng 12/2025"):
        table_for(Period.month(2025, 12))


def test_a_ward_and_the_city_scored_by_hand(engine, small_table, city, ward):
    engine.ratios = {
        ("ninhson", "news.items_per_days"): 0.5,
        ("ninhson", "quality.image_alt"): None,  # nothing to judge this month: out of the maximum
        ("tayninh", "news.items_per_days"): 0.5,
        ("tayninh", "science.present"): 0.0,
        ("tayninh", "quality.image_alt"): 0.75,
    }
    results = engine.evaluate([city, ward], MARCH)
    lines, points, maximum = score(table_for(MARCH), ward, results[ward.pk])
    # documents 1 × 10 × 1 = 10 of 10; news 0.5 × 20 × 2 = 20 of 40; science not a ward's; alt text not judged.
    assert [line.item.check_key for line in lines] == ["documents.present", "news.items_per_days", "quality.image_alt"]
    assert [(line.points, line.maximum) for line in lines] == [
        (Decimal("10.00"), Decimal("10.00")),
        (Decimal("20.00"), Decimal("40.00")),
        (Decimal("0.00"), Decimal("0.00")),
    ]
    assert (points, maximum) == (Decimal("30.00"), Decimal("50.00"))
    assert percent(points, maximum) == Decimal("60.00")

    _, points, maximum = score(table_for(MARCH), city, results[city.pk])
    # 10 + 20 + 0 (science 0 of 5) + 7.5 (alt 0.75 × 10) = 37.5 of 65 = 57.69 %.
    assert (points, maximum) == (Decimal("37.50"), Decimal("65.00"))
    assert percent(points, maximum) == Decimal("57.69")


def test_a_changed_weight_changes_the_score(engine, small_table, ward):
    engine.ratios = {("ninhson", "news.items_per_days"): 0.5}
    before = report.build(MARCH, [ward], RUNNING).units[0]
    assert (before.points, before.maximum, before.percent) == (Decimal("40.00"), Decimal("60.00"), 66.67)
    ScoreItem.objects.filter(table=small_table, check_key="news.items_per_days").update(weight=Decimal("1"))
    after = report.build(MARCH, [ward], RUNNING).units[0]
    # news 0.5 × 20 × 1 = 10 of 20: 10 + 10 + 10 = 30 of 40.
    assert (after.points, after.maximum, after.percent) == (Decimal("30.00"), Decimal("40.00"), 75.0)


def test_an_item_of_a_check_that_does_not_apply_to_the_kind_is_left_out(engine, small_table, city, ward):
    engine.ratios = {("tayninh", "science.present"): 0.0, ("ninhson", "science.present"): 0.0}
    by_unit = {line.unit.slug: line for line in report.build(MARCH, [city, ward], RUNNING).units}
    assert "science.present" in [line.item.check_key for line in by_unit["tayninh"].items]
    assert "science.present" not in [line.item.check_key for line in by_unit["ninhson"].items]
    assert by_unit["tayninh"].maximum == Decimal("65.00") and by_unit["tayninh"].points == Decimal("60.00")
    assert by_unit["ninhson"].maximum == Decimal("60.00") and by_unit["ninhson"].percent == 100.0
    assert [line.item.check_key for line in by_unit["tayninh"].failing] == ["science.present"]


def test_ratios_are_clamped_and_an_unknown_check_key_scores_nothing(engine, ward):
    table = make_table(SMALL_FROM, items=(("documents.present", "10", "1"), ("news.items_per_days", "10", "1")))
    ScoreItem.objects.create(
        table=table, check_key="retired.check", label="Tiêu chí cũ", clause="NĐ43", max_points=5, sort_order=9
    )
    engine.ratios = {("ninhson", "documents.present"): 1.7, ("ninhson", "news.items_per_days"): -0.2}
    line = report.build(MARCH, [ward], RUNNING).units[0]
    assert [(item.item.check_key, item.points, item.maximum) for item in line.items] == [
        ("documents.present", Decimal("10.00"), Decimal("10.00")),
        ("news.items_per_days", Decimal("0.00"), Decimal("10.00")),
        ("retired.check", Decimal("0.00"), Decimal("0.00")),
    ]


def test_ranking_shares_a_rank_between_ties_then_orders_by_name(engine, small_table, city):
    wards = [
        make_unit("ward", name, slug, "tayninh")
        for name, slug in (
            ("Phường Ninh Sơn", "ninhson"),
            ("Phường Hiệp Ninh", "hiepninh"),
            ("Xã Bình Minh", "binhminh"),
        )
    ]
    engine.ratios = {
        ("tayninh", "documents.present"): 0.0,  # 50 of 60 (science 5/5 and alt 10/10 count too): 55/65
        ("binhminh", "news.items_per_days"): 0.25,  # 10 + 10 + 10 of 60 = 50 %
    }
    ranked = report.build(MARCH, [city, *wards], RUNNING).units
    assert [(line.unit.slug, line.rank, line.percent) for line in ranked] == [
        ("hiepninh", 1, 100.0),
        ("ninhson", 1, 100.0),
        ("tayninh", 3, 84.62),
        ("binhminh", 4, 50.0),
    ]


def test_a_unit_with_nothing_applicable_scores_zero_percent_not_an_error(engine, small_table, ward):
    engine.ratios = {
        ("ninhson", key): None for key, _, _ in (("documents.present", 0, 0), ("news.items_per_days", 0, 0))
    }
    engine.ratios[("ninhson", "quality.image_alt")] = None
    line = report.build(MARCH, [ward], RUNNING).units[0]
    assert (line.points, line.maximum, line.percent) == (Decimal("0.00"), Decimal("0.00"), 0.0)
    assert ScoreTable.objects.count() == 2
