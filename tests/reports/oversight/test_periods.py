"""Periods: what `parse` reads (and refuses, in Vietnamese), their labels, months, previous period and judging day."""

from __future__ import annotations

import datetime as dt

import pytest

from reports.oversight.periods import MONTH, QUARTER, YEAR, Period


@pytest.mark.parametrize(
    ("text", "start", "end", "kind", "key"),
    [
        ("2026-11", dt.date(2026, 11, 1), dt.date(2026, 11, 30), MONTH, "2026-11"),
        ("2026-2", dt.date(2026, 2, 1), dt.date(2026, 2, 28), MONTH, "2026-02"),
        ("2028-02", dt.date(2028, 2, 1), dt.date(2028, 2, 29), MONTH, "2028-02"),  # leap year
        (" 2026-q4 ", dt.date(2026, 10, 1), dt.date(2026, 12, 31), QUARTER, "2026-Q4"),
        ("2026-Q1", dt.date(2026, 1, 1), dt.date(2026, 3, 31), QUARTER, "2026-Q1"),
        ("2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31), YEAR, "2026"),
    ],
)
def test_parse_reads_months_quarters_and_years_and_the_key_reads_back(text, start, end, kind, key):
    period = Period.parse(text)
    assert (period.start, period.end, period.kind, period.key) == (start, end, kind, key)
    assert Period.parse(period.key) == period and str(period) == key


@pytest.mark.parametrize(
    "text", ["", "   ", "2026-13", "2026-00", "2026-Q5", "2026-Q0", "1999", "2101-01", "26-11", "2026/11", "abc", None]
)
def test_parse_refuses_anything_else_in_vietnamese(text):
    with pytest.raises(ValueError, match=r"Kỳ không hợp lệ: .*Ví dụ: 2026-11 \(tháng\), 2026-Q4 \(quý\), 2026 \(năm\)"):
        Period.parse(text)


def test_labels():
    assert Period.month(2026, 11).label == "Tháng 11/2026"
    assert Period.quarter(2026, 4).label == "Quý IV/2026"
    assert Period.quarter(2026, 2).label == "Quý II/2026"
    assert Period.year(2026).label == "Năm 2026"


def test_months_previous_and_next():
    assert [month.key for month in Period.quarter(2026, 4).months()] == ["2026-10", "2026-11", "2026-12"]
    assert len(Period.year(2026).months()) == 12 and Period.month(2026, 5).months() == [Period.month(2026, 5)]
    assert Period.month(2026, 1).previous() == Period.month(2025, 12)
    assert Period.quarter(2026, 1).previous() == Period.quarter(2025, 4)
    assert Period.year(2026).previous() == Period.year(2025)
    assert Period.month(2026, 12).next() == Period.month(2027, 1)


def test_as_of_and_closed():
    november = Period.month(2026, 11)
    assert november.as_of(dt.date(2026, 11, 15)) == dt.date(2026, 11, 15)  # running: judged today
    assert november.as_of(dt.date(2027, 3, 1)) == dt.date(2026, 11, 30)  # over: judged on its last day
    assert not november.is_closed(dt.date(2026, 11, 30))
    assert november.is_closed(dt.date(2026, 12, 1))
    assert dt.date(2026, 11, 30) in november and dt.date(2026, 12, 1) not in november
    assert Period.containing(dt.date(2026, 8, 9), QUARTER) == Period.quarter(2026, 3)
    with pytest.raises(ValueError):
        Period.containing(dt.date(2026, 8, 9), "week")
