"""The one working-day calendar every deadline in the portal uses.

A day is a working day unless it falls on a weekend or a Vietnamese public holiday (`holidays.VN`: lunar Tết and
the substitutions it knows), except where a superuser's `CalendarDay` says otherwise for that date.
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.utils import timezone

from .models import CalendarDay


@lru_cache(maxsize=64)
def _public_holidays(year: int) -> holidays.HolidayBase:
    return holidays.VN(years=year, language="vi")


def _overrides(start: dt.date, end: dt.date) -> dict[dt.date, str]:
    return dict(CalendarDay.objects.filter(date__range=(start, end)).values_list("date", "kind"))


def _is_working(day: dt.date, overrides: dict[dt.date, str]) -> bool:
    kind = overrides.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKING_DAY
    calendar = _public_holidays(day.year)
    if day in calendar:
        return False
    if day in calendar.weekend_workdays:
        return True
    return day.weekday() < 5


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def is_working_day(day: dt.date | dt.datetime) -> bool:
    day = _as_date(day)
    return _is_working(day, _overrides(day, day))


def add_working_days(start: dt.date | dt.datetime, days: int) -> dt.date:
    """The date `days` working days after `start` (the day received is not counted)."""
    day = _as_date(start)
    overrides = _overrides(day, day + dt.timedelta(days=days * 3 + 30))
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if _is_working(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    first, last = _as_date(start), _as_date(end)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    overrides = _overrides(first, last)
    count = sum(1 for n in range(1, (last - first).days + 1) if _is_working(first + dt.timedelta(days=n), overrides))
    return sign * count


def working_days_from(start: dt.date | dt.datetime, ends: list[dt.date]) -> dict[dt.date, int]:
    """`working_days_between(start, end)` for each of `ends`, reading the calendar's exceptions once (a listing's
    “working days left” for every row without a query per row)."""
    first = _as_date(start)
    if not ends:
        return {}
    low, high = min([first, *ends]), max([first, *ends])
    overrides = _overrides(low, high)
    working = {
        low + dt.timedelta(days=n)
        for n in range((high - low).days + 1)
        if _is_working(low + dt.timedelta(days=n), overrides)
    }
    result = {}
    for end in set(ends):
        a, b, sign = (first, end, 1) if end >= first else (end, first, -1)
        result[end] = sign * sum(1 for n in range(1, (b - a).days + 1) if a + dt.timedelta(days=n) in working)
    return result
