"""The one working-day calendar every deadline in the portal uses.

A day is a working day unless it falls on a weekend or a Vietnamese public holiday (`holidays.VN`: lunar Tết and
the substitutions it knows), except where a superuser's `CalendarDay` says otherwise for that date.

A year's `CalendarDay` rows are kept in Django's cache (`year_overrides`), so a listing that computes a deadline per
row costs no query; saving or deleting a row drops its year from the cache (`workdays/signals.py`), so the calendar
is right as soon as a superuser changes it. A cache outage falls back to the database, never to an error.
"""

from __future__ import annotations

import datetime as dt
import logging
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.core.cache import cache
from django.utils import timezone

from .models import CalendarDay

logger = logging.getLogger(__name__)

CACHE_TIMEOUT = 24 * 60 * 60


@lru_cache(maxsize=64)
def public_holidays(year: int) -> holidays.HolidayBase:
    """Vietnam's public holidays of `year`, named in Vietnamese (Tết and the official substitutions included)."""
    return holidays.VN(years=year, language="vi")


def cache_key(year: int) -> str:
    return f"workdays:overrides:{year}"


def _load_year(year: int) -> dict[dt.date, str]:
    rows = CalendarDay.objects.filter(date__year=year).values_list("date", "kind")
    return dict(rows)


def year_overrides(year: int) -> dict[dt.date, str]:
    """{date: kind} of the superusers' `CalendarDay` rows of `year`, from the cache when it holds them."""
    key = cache_key(year)
    try:
        cached = cache.get(key)
    except Exception:  # a cache outage must not stop a deadline from being computed
        logger.warning("workdays: cache unavailable, reading the calendar from the database", exc_info=True)
        return _load_year(year)
    if cached is not None:
        return cached
    overrides = _load_year(year)
    try:
        cache.set(key, overrides, CACHE_TIMEOUT)
    except Exception:
        logger.warning("workdays: cache unavailable, the calendar is not cached", exc_info=True)
    return overrides


def forget_years(*years: int) -> None:
    """Drop the cached overrides of `years` (called when a `CalendarDay` is saved or deleted)."""
    try:
        cache.delete_many([cache_key(year) for year in set(years)])
    except Exception:
        logger.warning("workdays: cache unavailable, could not drop the cached calendar", exc_info=True)


class _Overrides:
    """The overrides of the years a computation touches, each year read once."""

    def __init__(self) -> None:
        self._years: dict[int, dict[dt.date, str]] = {}

    def get(self, day: dt.date) -> str | None:
        if day.year not in self._years:
            self._years[day.year] = year_overrides(day.year)
        return self._years[day.year].get(day)


def _is_working(day: dt.date, overrides: _Overrides) -> bool:
    kind = overrides.get(day)
    if kind is not None:
        return kind == CalendarDay.Kind.WORKING_DAY
    calendar = public_holidays(day.year)
    if day in calendar:
        return False
    if day in calendar.weekend_workdays:
        return True
    return day.weekday() < 5


def local_zone() -> ZoneInfo:
    """The portal's zone (settings.TIME_ZONE), whatever zone is active: an admin user may have chosen another one in
    Wagtail, but a deadline, a working day and "today" are the unit's, in Việt Nam."""
    return ZoneInfo(settings.TIME_ZONE)


def today() -> dt.date:
    """Today's date in the portal's zone (not the active zone: `timezone.localdate()` under an admin user's Wagtail
    time zone can be yesterday or tomorrow)."""
    return timezone.now().astimezone(local_zone()).date()


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.astimezone(local_zone()).date() if timezone.is_aware(value) else value.date()
    return value


def local_date(value: dt.date | dt.datetime) -> dt.date:
    """The date of `value` in the portal's zone (an aware datetime is converted to it; a date is itself)."""
    return _as_date(value)


def is_working_day(day: dt.date | dt.datetime) -> bool:
    return _is_working(_as_date(day), _Overrides())


def add_working_days(start: dt.date | dt.datetime, days: int) -> dt.date:
    """The date `days` working days after `start` (the day received is not counted; 0 gives `start` itself)."""
    day = _as_date(start)
    overrides = _Overrides()
    remaining = days
    while remaining > 0:
        day += dt.timedelta(days=1)
        if _is_working(day, overrides):
            remaining -= 1
    return day


def subtract_working_days(end: dt.date | dt.datetime, days: int) -> dt.date:
    """The date `days` working days before `end` (`end` itself is not counted; 0 gives `end`): the first day of a
    notice that must run `days` working days before an event on `end`."""
    day = _as_date(end)
    overrides = _Overrides()
    remaining = days
    while remaining > 0:
        day -= dt.timedelta(days=1)
        if _is_working(day, overrides):
            remaining -= 1
    return day


def working_days_between(start: dt.date | dt.datetime, end: dt.date | dt.datetime) -> int:
    """Working days after `start` up to and including `end` (negative when `end` is before `start`)."""
    first, last = _as_date(start), _as_date(end)
    sign = 1
    if last < first:
        first, last, sign = last, first, -1
    overrides = _Overrides()
    count = sum(1 for n in range(1, (last - first).days + 1) if _is_working(first + dt.timedelta(days=n), overrides))
    return sign * count


def year_calendar(year: int) -> list[dict]:
    """The year's days that differ from an ordinary week, in date order: each public holiday (read-only, its
    Vietnamese name) and each `CalendarDay` row (editable), a row over a holiday shown with the holiday's name."""
    calendar = public_holidays(year)
    rows = {row.date: row for row in CalendarDay.objects.filter(date__year=year)}
    days: dict[dt.date, dict] = {}
    for day, name in calendar.items():
        if day.year == year:
            days[day] = {"date": day, "holiday": name, "row": None}
    for day in calendar.weekend_workdays:
        if day.year == year:
            days.setdefault(day, {"date": day, "holiday": "", "row": None})["official_swap"] = True
    for day, row in rows.items():
        days.setdefault(day, {"date": day, "holiday": "", "row": None})["row"] = row
    for entry in days.values():
        entry["working"] = is_working_day(entry["date"])
    return [days[day] for day in sorted(days)]


def working_days_from(start: dt.date | dt.datetime, ends: list[dt.date]) -> dict[dt.date, int]:
    """`working_days_between(start, end)` for each of `ends`, reading the calendar's exceptions once (a listing's
    “working days left” for every row without a query per row)."""
    first = _as_date(start)
    if not ends:
        return {}
    low, high = min([first, *ends]), max([first, *ends])
    overrides = _Overrides()
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
