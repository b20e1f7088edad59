"""Which periodic budget reports a unit must have published by a given day, and which of them are missing.

The rules are data (`RULES`), one row per report with its legal basis; `reports_due` is a pure function of
(unit kind, today, what is published) so the list pages, the oversight score and the tests read the same answer.

Legal basis (cited on the public box too):
- Luật Ngân sách nhà nước 83/2015/QH13, Điều 15 khoản 4; Thông tư 343/2016/TT-BTC (công khai ngân sách), Điều 15
  (ngân sách xã): báo cáo tình hình thực hiện dự toán quý, 6 tháng công khai chậm nhất 15 ngày kể từ ngày kết thúc
  quý, 6 tháng; dự toán và quyết toán đã được HĐND quyết định, phê chuẩn công khai chậm nhất 30 ngày kể từ ngày
  quyết định, phê chuẩn; báo cáo thực hiện cả năm công khai khi trình HĐND kỳ họp cuối năm.
- Luật Thực hiện dân chủ ở cơ sở 10/2022/QH15, Điều 11 khoản 2: xã, phường công khai dự toán, tình hình thực hiện,
  quyết toán ngân sách.
- Bộ luật Dân sự 2015, Điều 148 khoản 5: a deadline that falls on a day off ends on the next working day
  (`workdays/calendar.py`).

Assumptions where the law names an event, not a date (kept here, as data, to be changed with the province's rules):
the council decides the estimate of year Y by 31/12 of Y-1, approves the settlement of year Y by 30/6 of Y+1 (its
mid-year session), and holds its year-end session, where the year's execution report is presented, by 31/12 of Y.
A date computed from such an assumption is shown as expected (“hạn dự kiến”), never as the legal deadline: the real
one runs from the date of the council's resolution.

One report satisfies equivalent periods: the cumulative six-month report is the second quarter's (H1 ≡ Q2), and the
year's execution report covers the fourth quarter (YEAR ≡ Q4), whichever of the two the unit publishes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from workdays.calendar import is_working_day

# Kinds and periods as stored on `DisclosureItemPage` (strings, so this module needs no model import).
ESTIMATE, EXECUTION, SETTLEMENT = "budget_estimate", "budget_execution", "budget_settlement"
Q1, Q2, Q3, Q4, H1, YEAR = "q1", "q2", "q3", "q4", "h1", "year"

BASIS = _(
    "Luật Ngân sách nhà nước 2015, Điều 15; Thông tư 343/2016/TT-BTC; Luật Thực hiện dân chủ ở cơ sở 2022, Điều 11"
)


def _period_end(year: int, period: str) -> dt.date:
    month = {Q1: 3, Q2: 6, H1: 6, Q3: 9, Q4: 12, YEAR: 12}[period]
    return dt.date(year, month, 31 if month in (3, 12) else 30)


@dataclass(frozen=True)
class Rule:
    """One report a unit publishes for each year: `kind` for `period` of year Y, due `days` calendar days after
    `anchor(Y)` (the end of the period, or the council's decision)."""

    kind: str
    period: str
    anchor: Callable[[int], dt.date]
    days: int
    basis: str
    assumption: str = ""  # the anchor is an assumed date (a council decision): the due date is only expected

    def satisfied_by(self) -> frozenset[str]:
        """The periods of a published report of `kind` that count for this rule (H1 ≡ Q2, YEAR ≡ Q4)."""
        if self.kind != EXECUTION:
            return frozenset({YEAR})
        return EQUIVALENT_PERIODS.get(self.period, frozenset({self.period}))

    def due_date(self, year: int) -> dt.date:
        return next_working_day(self.anchor(year) + dt.timedelta(days=self.days))


def _end_of(period: str) -> Callable[[int], dt.date]:
    return lambda year: _period_end(year, period)


def _estimate_decided(year: int) -> dt.date:
    return dt.date(year - 1, 12, 31)


def _settlement_approved(year: int) -> dt.date:
    return dt.date(year + 1, 6, 30)


# A published execution report of one of these periods counts for the other (the six-month report is cumulative to
# the end of the second quarter; the year's report covers the fourth quarter).
EQUIVALENT_PERIODS = {
    Q2: frozenset({Q2, H1}),
    H1: frozenset({Q2, H1}),
    Q4: frozenset({Q4, YEAR}),
    YEAR: frozenset({Q4, YEAR}),
}

QUARTER_BASIS = "Luật NSNN 2015 Điều 15 khoản 4; TT 343/2016/TT-BTC Điều 15: 15 ngày sau khi kết thúc kỳ"
ESTIMATE_BASIS = "Luật NSNN 2015 Điều 15 khoản 4; TT 343/2016/TT-BTC: 30 ngày sau khi HĐND quyết định dự toán"
SETTLEMENT_BASIS = "Luật NSNN 2015 Điều 15 khoản 4; TT 343/2016/TT-BTC: 30 ngày sau khi HĐND phê chuẩn quyết toán"
YEAR_BASIS = "Luật NSNN 2015 Điều 15 khoản 4: khi trình HĐND kỳ họp cuối năm"

_ESTIMATE = Rule(
    ESTIMATE, YEAR, _estimate_decided, 30, ESTIMATE_BASIS, _("nếu HĐND quyết định dự toán trước 31/12 năm trước")
)
_YEAR = Rule(EXECUTION, YEAR, _end_of(YEAR), 0, YEAR_BASIS, _("nếu HĐND họp kỳ cuối năm trước 31/12"))
_SETTLEMENT = Rule(
    SETTLEMENT, YEAR, _settlement_approved, 30, SETTLEMENT_BASIS, _("nếu HĐND phê chuẩn quyết toán trước 30/6 năm sau")
)

# Communes and wards (Law 10/2022 Art. 11(2)): quarterly, six-monthly and yearly execution, estimate, settlement.
# The six-month report and the second quarter's are one report (one rule, satisfied by either period).
COMMUNE_RULES = (
    _ESTIMATE,
    Rule(EXECUTION, Q1, _end_of(Q1), 15, QUARTER_BASIS),
    Rule(EXECUTION, Q2, _end_of(Q2), 15, QUARTER_BASIS),
    Rule(EXECUTION, Q3, _end_of(Q3), 15, QUARTER_BASIS),
    Rule(EXECUTION, Q4, _end_of(Q4), 15, QUARTER_BASIS),
    _YEAR,
    _SETTLEMENT,
)
# Provinces, cities and departments: the yearly estimate, execution and settlement.
YEARLY_RULES = (_ESTIMATE, _YEAR, _SETTLEMENT)

RULES: dict[str, tuple[Rule, ...]] = {
    "ward": COMMUNE_RULES,
    "commune": COMMUNE_RULES,
    "city": YEARLY_RULES,
    "province": YEARLY_RULES,
    "department": YEARLY_RULES,
}

# How far back a missing report is still shown: a year of reports (older gaps are the score's history, not news).
LOOKBACK = dt.timedelta(days=365)


@dataclass(frozen=True)
class DueReport:
    """A report due by `due_on`: what a citizen reads (“Báo cáo quý III/2026”) and the rule's basis."""

    kind: str
    period: str
    year: int
    due_on: dt.date
    basis: str
    assumption: str = ""  # why `due_on` is only expected (the council's date is assumed), "" for a legal date

    @property
    def expected(self) -> bool:
        """Whether `due_on` is computed from an assumed council date (“hạn dự kiến”), not the legal deadline."""
        return bool(self.assumption)

    @property
    def label(self) -> str:
        if self.kind == ESTIMATE:
            return str(_("Dự toán ngân sách năm %(year)s") % {"year": self.year})
        if self.kind == SETTLEMENT:
            return str(_("Quyết toán ngân sách năm %(year)s") % {"year": self.year})
        if self.period in (Q2, H1):
            return str(_("Báo cáo quý II hoặc 6 tháng đầu năm %(year)s") % {"year": self.year})
        if self.period == YEAR:
            return str(_("Báo cáo tình hình thực hiện ngân sách năm %(year)s") % {"year": self.year})
        quarter = {Q1: "I", Q2: "II", Q3: "III", Q4: "IV"}[self.period]
        return str(_("Báo cáo quý %(quarter)s/%(year)s") % {"quarter": quarter, "year": self.year})


def next_working_day(day: dt.date) -> dt.date:
    """`day`, or the first working day after it when it is a weekend or a public holiday (Civil Code Art. 148(5))."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def published_key(kind: str, year: int | None, period: str) -> tuple[str, int | None, str]:
    """What makes a published item count for a rule: an estimate or settlement is for a year, whatever period."""
    return (kind, year, YEAR if kind in (ESTIMATE, SETTLEMENT) else (period or YEAR))


def reports_due(
    unit_kind: str, today: dt.date, published: Iterable[tuple[str, int | None, str]], *, horizon: int = 0
) -> list[DueReport]:
    """The reports the unit of `unit_kind` must have published by `today` (due in the last `LOOKBACK`, or within
    `horizon` days ahead) and that are not among `published` ((kind, year, period) triples), earliest first."""
    have = {published_key(kind, year, period) for kind, year, period in published}
    until = today + dt.timedelta(days=horizon)
    due: list[DueReport] = []
    for rule in RULES.get(unit_kind, ()):
        for year in range(today.year - 2, today.year + 2):
            due_on = rule.due_date(year)
            if not (today - LOOKBACK < due_on <= until):
                continue
            if any(published_key(rule.kind, year, period) in have for period in rule.satisfied_by()):
                continue
            due.append(DueReport(rule.kind, rule.period, year, due_on, rule.basis, str(rule.assumption)))
    return sorted(due, key=lambda report: (report.due_on, report.kind, report.period))


def missing_reports(unit_kind: str, today: dt.date, published: Iterable[tuple[str, int | None, str]]) -> list:
    """The reports past their due date (due before `today`) and not published."""
    return [report for report in reports_due(unit_kind, today, published) if report.due_on < today]
