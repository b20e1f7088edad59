"""The due-and-missing rules of budget reports (disclosure/due.py): a pure function of (unit kind, today, published),
across the end of a quarter, the year boundary and deadlines that fall on a day off (the working-day calendar); one
report satisfies equivalent periods (H1 ≡ Q2, YEAR ≡ Q4); dates computed from an assumed council date are expected
ones."""

from __future__ import annotations

import datetime as dt

import pytest

from disclosure.due import missing_reports, next_working_day, reports_due

pytestmark = pytest.mark.django_db  # the calendar reads the year's official swaps

D = dt.date
FULL_2026_SO_FAR = [
    ("budget_execution", 2025, "year"),
    ("budget_execution", 2025, "q4"),
    ("budget_estimate", 2026, ""),
    ("budget_execution", 2026, "q1"),
    ("budget_execution", 2026, "q2"),
    ("budget_execution", 2026, "h1"),
    ("budget_settlement", 2025, "year"),
]


def labels(reports) -> list[str]:
    return [report.label for report in reports]


def test_third_quarter_report_is_due_fifteen_days_after_the_quarter():
    # Q3 ends 30/9/2026; 15/10/2026 is a Thursday: due that day, missing from the next day.
    assert "Báo cáo quý III/2026" not in labels(missing_reports("ward", D(2026, 10, 15), FULL_2026_SO_FAR))
    missing = missing_reports("ward", D(2026, 10, 16), FULL_2026_SO_FAR)
    assert labels(missing) == ["Báo cáo quý III/2026"]
    assert missing[0].due_on == D(2026, 10, 15)
    assert "15" in missing[0].basis or "TT 343" in missing[0].basis


def test_published_report_is_not_missing():
    published = [*FULL_2026_SO_FAR, ("budget_execution", 2026, "q3")]
    assert missing_reports("ward", D(2026, 12, 4), published) == []


def test_year_boundary_estimate_and_fourth_quarter_of_the_previous_year():
    # On 2/2/2027 the 2027 estimate (council decision by 31/12/2026 + 30 days = 30/1/2027, a Saturday → Monday 1/2)
    # and the Q4/2026 report (15/1/2027) are due; the year execution report was due on 31/12/2026.
    published = [*FULL_2026_SO_FAR, ("budget_execution", 2026, "q3")]
    missing = labels(missing_reports("ward", D(2027, 2, 2), published))
    assert missing == [
        "Báo cáo tình hình thực hiện ngân sách năm 2026",
        "Báo cáo quý IV/2026",
        "Dự toán ngân sách năm 2027",
    ]
    estimate = next(r for r in reports_due("ward", D(2027, 2, 2), published) if r.kind == "budget_estimate")
    assert estimate.due_on == D(2027, 2, 1)  # Saturday 30/1 → the next working day


def test_deadline_on_a_day_off_moves_to_the_next_working_day():
    # 15/1/2028 is a Saturday: Q4/2027 is due on Monday 17/1/2028.
    assert next_working_day(D(2028, 1, 15)) == D(2028, 1, 17)
    q4 = [r for r in reports_due("ward", D(2028, 1, 20), []) if r.period == "q4" and r.year == 2027]
    assert q4[0].due_on == D(2028, 1, 17)
    assert q4[0] not in missing_reports("ward", D(2028, 1, 17), [])
    # 1/1 (New Year) is a holiday: the year execution report due 31/12 stays on 31/12 when it is a working day.
    assert next_working_day(D(2026, 12, 31)) == D(2026, 12, 31)


def test_estimate_published_with_any_period_counts_for_its_year():
    missing = missing_reports("city", D(2026, 3, 1), [("budget_estimate", 2026, "year")])
    assert "Dự toán ngân sách năm 2026" not in labels(missing)


@pytest.mark.parametrize("kind", ["city", "province", "department"])
def test_provinces_cities_departments_report_yearly_only(kind):
    due = reports_due(kind, D(2026, 12, 4), [])
    assert {report.period for report in due} == {"year"}
    assert "Báo cáo quý III/2026" not in labels(due)


@pytest.mark.parametrize("kind", ["ward", "commune"])
def test_communes_and_wards_report_quarterly_and_six_monthly(kind):
    missing = labels(missing_reports(kind, D(2026, 12, 4), []))
    for label in (
        "Báo cáo quý I/2026",
        "Báo cáo quý II hoặc 6 tháng đầu năm 2026",
        "Báo cáo quý III/2026",
        "Dự toán ngân sách năm 2026",
        "Quyết toán ngân sách năm 2025",
    ):
        assert label in missing


def test_only_a_year_back_and_nothing_not_yet_due():
    missing = missing_reports("ward", D(2026, 12, 4), [])
    assert all(D(2025, 12, 3) <= report.due_on < D(2026, 12, 4) for report in missing)
    assert "Báo cáo quý III/2025" not in labels(missing)  # due 15/10/2025: older than a year
    upcoming = reports_due("ward", D(2026, 12, 4), [], horizon=60)
    assert "Báo cáo quý IV/2026" in labels(upcoming) and "Báo cáo quý IV/2026" not in labels(missing)


def test_unknown_unit_kind_has_no_rules():
    assert reports_due("other", D(2026, 12, 4), []) == []


def _execution(year: int, *periods: str) -> list:
    return [("budget_execution", year, period) for period in periods]


@pytest.mark.parametrize("second_quarter", ["h1", "q2"])
def test_the_six_month_report_and_the_second_quarters_are_one_report(second_quarter):
    # 15/7/2026 is a Wednesday: due that day. A ward publishing only its cumulative six-month report is not late.
    published = [*FULL_2026_SO_FAR[:4], *_execution(2026, second_quarter), FULL_2026_SO_FAR[-1]]
    missing = [r for r in missing_reports("ward", D(2026, 7, 16), published) if r.year == 2026]
    assert missing == [], second_quarter
    missing = labels(missing_reports("ward", D(2026, 7, 16), [*_execution(2026, "q1")]))
    assert missing.count("Báo cáo quý II hoặc 6 tháng đầu năm 2026") == 1
    assert not any("6 tháng" in label and "quý II" not in label for label in missing)


def test_the_second_quarter_is_not_due_before_the_fifteenth_of_july():
    assert "Báo cáo quý II hoặc 6 tháng đầu năm 2026" not in labels(missing_reports("ward", D(2026, 7, 15), []))


@pytest.mark.parametrize("published_period", ["year", "q4"])
def test_the_years_execution_report_and_the_fourth_quarters_are_one_report(published_period):
    # Across the year boundary: on 2/2/2027 neither the year's report (expected by 31/12/2026) nor the Q4 report (due
    # 15/1/2027) is missing once either is published.
    published = [*FULL_2026_SO_FAR, *_execution(2026, "q3", published_period), ("budget_estimate", 2027, "year")]
    assert missing_reports("ward", D(2027, 2, 2), published) == []
    # A city has only the year's rule: a Q4 report satisfies it too.
    assert "Báo cáo tình hình thực hiện ngân sách năm 2026" not in labels(
        missing_reports("city", D(2027, 2, 2), _execution(2026, published_period))
    )


def test_dates_from_an_assumed_council_date_are_expected_and_quarterly_ones_are_legal():
    due = {(r.kind, r.period, r.year): r for r in reports_due("ward", D(2027, 7, 31), [])}
    estimate = due[("budget_estimate", "year", 2027)]
    settlement = due[("budget_settlement", "year", 2026)]
    year = due[("budget_execution", "year", 2026)]
    for report in (estimate, settlement, year):
        assert report.expected and report.assumption.startswith("nếu HĐND")
        assert "Luật NSNN 2015" in report.basis  # the legal basis stays cited
    assert "30/6" in settlement.assumption and "31/12" in estimate.assumption and "cuối năm" in year.assumption
    for period in ("q1", "q2"):
        quarter = due[("budget_execution", period, 2027)]
        assert not quarter.expected and quarter.assumption == ""
