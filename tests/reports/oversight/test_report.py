"""The report: one call to each source for all units, kept scores of closed periods (their table, items and
findings as they were), the trend, and a number of queries that does not grow with the units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from participation.models import PageRating
from reports.oversight import report
from reports.oversight.periods import Period
from reports.oversight.tables import ScoreItem, UnitScore
from sites.blueprint import BLUEPRINT
from tests.conftest import make_unit
from workdays.calendar import add_working_days, year_overrides

from .conftest import backdate, make_table

MARCH, APRIL, MAY = Period.month(2026, 3), Period.month(2026, 4), Period.month(2026, 5)
TODAY = dt.date(2026, 5, 12)  # March settled, April closed (its deadlines still running), May running
SETTLED = dt.date(2026, 6, 10)  # April settled (30/4 + 20 working days), May closed but not settled


@pytest.fixture
def wards(city):
    return [
        make_unit("ward", "Phường Ninh Sơn", "ninhson", "tayninh"),
        make_unit("ward", "Phường Hiệp Ninh", "hiepninh", "tayninh"),
    ]


def test_one_call_to_each_source_and_their_figures_in_the_report(engine, small_table, city, wards):
    engine.counts_by_slug = {"ninhson": {"articles": 7, "documents": 3}}
    engine.views_by_slug = {"ninhson": {"": 40, "news": 25}, "hiepninh": {"documents": 5}}
    for score in (5, 4, 3):
        PageRating.objects.create(unit=wards[0], month=dt.date(2026, 5, 1), score=score)
    PageRating.objects.create(unit=wards[0], month=dt.date(2026, 4, 1), score=1)  # another month
    result = report.build(MAY, None, TODAY)
    assert engine.calls == {"evaluate": 1, "counts": 1, "views": 1}
    assert result.table == small_table and not result.closed
    ninhson = next(line for line in result.units if line.unit.slug == "ninhson")
    assert ninhson.counts == {"articles": 7, "documents": 3}
    assert (ninhson.views, ninhson.views_by_section) == (65, {"": 40, "news": 25})
    assert (ninhson.rating_average, ninhson.rating_count) == (4.0, 3)
    hiepninh = result.for_unit(wards[1].pk)
    assert (hiepninh.views, hiepninh.rating_average, hiepninh.rating_count) == (5, None, 0)
    assert not UnitScore.objects.exists()  # a running period is never kept


def test_a_closed_period_is_kept_once_and_read_back_with_its_findings(engine, small_table, city, wards):
    engine.ratios = {("ninhson", "news.items_per_days"): 0.5}
    engine.counts_by_slug = {"ninhson": {"articles": 2}}
    engine.views_by_slug = {"ninhson": {"news": 9}}
    first = report.build(APRIL, None, SETTLED)
    assert UnitScore.objects.filter(period="2026-04").count() == 3
    kept = UnitScore.objects.get(period="2026-04", unit=wards[0])
    assert (kept.table, kept.points, kept.maximum) == (small_table, Decimal("40.00"), Decimal("60.00"))

    engine.ratios = {}  # the content changed since: a kept period does not
    second = report.build(APRIL, None, SETTLED)
    assert engine.calls["evaluate"] == 1
    again = second.for_unit(wards[0].pk)
    assert again.kept and again.percent == first.for_unit(wards[0].pk).percent == 66.67
    assert (again.counts, again.views, again.views_by_section) == ({"articles": 2}, 9, {"news": 9})
    [failing] = again.failing
    assert failing.item.check_key == "news.items_per_days" and failing.result.ratio == 0.5
    assert failing.item.clause == small_table.items.get(check_key="news.items_per_days").clause
    assert failing.result.findings[0].edit_url == f"/admin/pages/{wards[0].pk}/edit/"
    assert [line.unit.slug for line in second.units] == [line.unit.slug for line in first.units]


def test_a_unit_added_later_is_computed_and_kept_alone(engine, small_table, city, wards):
    report.build(APRIL, [city, wards[0]], SETTLED)
    assert engine.calls["evaluate"] == 1
    result = report.build(APRIL, [city, *wards], SETTLED)
    assert engine.calls["evaluate"] == 2
    assert {line.unit.slug for line in result.units} == {"tayninh", "ninhson", "hiepninh"}
    assert UnitScore.objects.filter(period="2026-04").count() == 3


def test_past_periods_keep_their_table_after_a_new_version_and_a_changed_row(engine, small_table, city, wards):
    engine.ratios = {("ninhson", "news.items_per_days"): 0.5}
    april = report.build(APRIL, None, SETTLED).for_unit(wards[0].pk)
    newer = make_table(
        dt.date(2026, 5, 1), items=(("documents.present", "50", "1"), ("news.items_per_days", "50", "1"))
    )
    # Even a row of the old table changed by hand (the admin refuses it) does not change the kept period.
    ScoreItem.objects.filter(table=small_table, check_key="news.items_per_days").update(
        weight=Decimal("5"), label="Đã sửa"
    )
    kept = report.build(APRIL, None, SETTLED)
    assert kept.table == small_table
    line = kept.for_unit(wards[0].pk)
    assert line.percent == april.percent == 66.67
    news = next(item for item in line.items if item.item.check_key == "news.items_per_days")
    assert (news.item.weight, news.item.label, news.points) == (Decimal("2"), april.items[1].item.label, Decimal("20"))
    running = report.build(MAY, None, SETTLED)
    assert running.table == newer
    assert running.for_unit(wards[0].pk).percent == 75.0  # 50 + 25 of 100


def test_trend_reads_kept_months_computes_missing_ones_once_and_the_running_month_live(
    engine, small_table, city, wards
):
    backdate(city, *wards)
    engine.ratios = {("ninhson", "news.items_per_days"): 0.5}
    report.build(MARCH, None, SETTLED)  # March kept
    engine.ratios = {("ninhson", "news.items_per_days"): 0.0}
    months = [MARCH, APRIL, MAY, Period.month(2026, 7)]
    trend = report.trend([city, *wards], months, SETTLED)
    assert trend[wards[0].pk] == [66.67, 33.33, 33.33, None]  # 20 of 60 once news stopped
    assert trend[wards[1].pk] == [100.0, 100.0, 100.0, None]
    assert engine.calls["evaluate"] == 3  # March once, April once (now kept), May live (not settled)
    report.trend([city, *wards], months, SETTLED)
    assert engine.calls["evaluate"] == 4  # only May again


def test_trend_is_none_before_a_unit_existed(engine, small_table, city):
    backdate(city, to=dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC))
    trend = report.trend([city], [Period.month(2026, 3)], dt.date(2026, 4, 1))
    assert trend[city.pk] == [None]  # the city was created on 1 April, after March


def _queries(callable_) -> int:
    with CaptureQueriesContext(connection) as context:
        callable_()
    return len(context.captured_queries)


@pytest.mark.parametrize("period", [MAY, APRIL], ids=["running", "closed"])
def test_the_number_of_queries_does_not_grow_with_the_units(engine, small_table, city, period):
    few = [make_unit("ward", f"Phường Một {index}", f"mot{index}", "tayninh") for index in range(2)]
    many = [make_unit("ward", f"Phường Hai {index}", f"hai{index}", "tayninh") for index in range(6)]
    backdate(*few, *many)
    for year in {MARCH.start.year, MAY.end.year, TODAY.year}:
        year_overrides(year)  # the working-day calendar, cached once per process (workdays/calendar.py)
    computed_few = _queries(lambda: report.build(period, few, TODAY))
    computed_many = _queries(lambda: report.build(period, many, TODAY))
    assert computed_few == computed_many <= 6
    read_few = _queries(lambda: report.build(period, few, TODAY))
    read_many = _queries(lambda: report.build(period, many, TODAY))
    assert read_few == read_many <= 6
    trend_few = _queries(lambda: report.trend(few, [MARCH, APRIL, MAY], TODAY))
    trend_many = _queries(lambda: report.trend(many, [MARCH, APRIL, MAY], TODAY))
    assert trend_few == trend_many


def test_a_closed_period_is_computed_live_until_its_longest_deadline_has_passed(engine, small_table, city, wards):
    # The longest working-day deadline of the blueprint (20 for the budget reports) from 30/4, across 1/5.
    assert report.longest_deadline() == max(
        rule.days for section in BLUEPRINT.sections for rule in section.freshness.rules if rule.working_days
    )
    settles = report.settles_on(APRIL)
    assert settles == add_working_days(APRIL.end, report.longest_deadline())
    before = report.build(APRIL, None, settles)
    assert before.closed and not before.settled and not UnitScore.objects.exists()
    report.build(APRIL, None, settles)
    assert engine.calls["evaluate"] == 2  # computed live each time, nothing kept
    after = report.build(APRIL, None, settles + dt.timedelta(days=1))
    assert after.settled and UnitScore.objects.filter(period="2026-04").count() == 3
    report.build(APRIL, None, settles + dt.timedelta(days=2))
    assert engine.calls["evaluate"] == 3  # read back from the kept scores


def test_units_created_after_the_period_are_left_out_neither_ranked_nor_kept(engine, small_table, city, wards):
    backdate(wards[1], to=dt.datetime(2026, 5, 3, 9, tzinfo=dt.UTC))
    result = report.build(APRIL, None, SETTLED)
    assert {line.unit.slug for line in result.units} == {"tayninh", "ninhson"}
    assert set(UnitScore.objects.values_list("unit__slug", flat=True)) == {"tayninh", "ninhson"}
    assert report.build(MAY, None, SETTLED).for_unit(wards[1].pk) is not None


def test_trend_leaves_periods_without_a_table_empty_and_reuses_a_running_report(engine, small_table, city, wards):
    before_table = Period.month(2025, 12)  # before the default table (from 1/2026)
    running = report.build(MAY, None, TODAY)
    calls = engine.calls["evaluate"]
    trend = report.trend([city, *wards], [before_table, MAY], TODAY, running=running)
    assert trend[wards[0].pk][0] is None
    assert trend[wards[0].pk][1] == running.for_unit(wards[0].pk).percent
    assert engine.calls["evaluate"] == calls  # May read from `running`, the month without a table skipped


def test_latest_kept_ranks_the_last_kept_month_by_the_shared_rule_without_evaluating(engine, small_table, city, wards):
    engine.ratios = {("ninhson", "news.items_per_days"): 0.5}
    assert report.latest_kept() == (None, {}, 0)
    report.build(MARCH, None, SETTLED)
    report.build(APRIL, None, SETTLED)
    calls = engine.calls["evaluate"]
    with CaptureQueriesContext(connection) as queries:
        period, places, total = report.latest_kept()
    assert len(queries.captured_queries) <= 2 and engine.calls["evaluate"] == calls
    assert (period, total) == (APRIL, 3)
    assert places[city.pk].rank == places[wards[1].pk].rank == 1 and places[wards[0].pk].rank == 3
    assert report.latest_kept([wards[0]])[1].keys() == {wards[0].pk}
