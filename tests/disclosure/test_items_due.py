"""The due-and-missing rules of budget reports (disclosure/due.py): a pure function of (unit kind, today, published),
across the end of a quarter, the year boundary and deadlines that fall on a day off (the working-day calendar)."""

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
        "Báo cáo 6 tháng đầu năm 2026",
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
