"""ISO weeks and iCalendar feeds of the leaders' weekly work schedule (lịch công tác tuần).

Times are entered and shown as wall-clock times in Asia/Ho_Chi_Minh; feeds carry that zone with its VTIMEZONE.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import icalendar
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

SCHEDULE_TIME_ZONE = ZoneInfo("Asia/Ho_Chi_Minh")
WEEKDAY_NAMES = (
    _("Thứ Hai"),
    _("Thứ Ba"),
    _("Thứ Tư"),
    _("Thứ Năm"),
    _("Thứ Sáu"),
    _("Thứ Bảy"),
    _("Chủ nhật"),
)


# The years a schedule can have: a week outside them is mistyped, and its neighbours must stay valid dates.
MIN_YEAR = 1900
MAX_YEAR = 2999


@dataclass(frozen=True, order=True)
class IsoWeek:
    year: int
    week: int

    @classmethod
    def of(cls, day: dt.date) -> IsoWeek:
        year, week, _ = day.isocalendar()
        return cls(year, week)

    @classmethod
    def current(cls) -> IsoWeek:
        return cls.of(timezone.localdate(timezone=SCHEDULE_TIME_ZONE))

    @classmethod
    def parse(cls, year: int | str, week: int | str) -> IsoWeek | None:
        """The week, or None when it does not exist (week 53 of a 52-week year, week 0, year 0001, …)."""
        try:
            monday = dt.date.fromisocalendar(int(year), int(week), 1)
        except ValueError:
            return None
        return cls.of(monday) if MIN_YEAR <= int(year) <= MAX_YEAR else None

    @property
    def monday(self) -> dt.date:
        return dt.date.fromisocalendar(self.year, self.week, 1)

    @property
    def sunday(self) -> dt.date:
        return self.monday + dt.timedelta(days=6)

    @property
    def days(self) -> list[dt.date]:
        return [self.monday + dt.timedelta(days=i) for i in range(7)]

    @property
    def previous(self) -> IsoWeek:
        return IsoWeek.of(self.monday - dt.timedelta(days=7))

    @property
    def next(self) -> IsoWeek:
        return IsoWeek.of(self.monday + dt.timedelta(days=7))

    @property
    def slug(self) -> str:
        """The URL part, `2026-w48` (ISO 8601 week notation in lower case)."""
        return f"{self.year}-w{self.week:02d}"

    def __str__(self) -> str:
        return f"{self.week}/{self.year}"


def validate_week_year(day: dt.date) -> None:
    """Refuse a day whose ISO week lies outside MIN_YEAR..MAX_YEAR (its address would be a 404, its neighbours may
    not be dates at all: the week of 31/12/9999 ends in the year 10000)."""
    if not MIN_YEAR <= day.isocalendar().year <= MAX_YEAR:
        raise ValidationError(
            _("Năm của tuần phải trong khoảng %(min)s đến %(max)s.") % {"min": MIN_YEAR, "max": MAX_YEAR},
            code="week_year",
        )


def local_datetime(day: dt.date, time: dt.time) -> dt.datetime:
    return dt.datetime.combine(day, time, tzinfo=SCHEDULE_TIME_ZONE)


# iCalendar STATUS (RFC 5545 3.8.1.11) of each schedule entry status.
ICAL_STATUS = {"planned": "CONFIRMED", "changed": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED"}


def build_calendar(name: str, entries: Iterable, hostname: str, url: str) -> bytes:
    """An RFC 5545 calendar of schedule entries. Cancelled entries stay in it with STATUS:CANCELLED (calendars strike
    or drop them); a postponed one is TENTATIVE, its summary marked “Hoãn”: it will take place, at a time not yet set,
    so a subscriber's calendar must not drop it as cancelled."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Cổng thông tin điện tử//Lịch công tác//VI")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Asia/Ho_Chi_Minh")
    stamp = timezone.now()
    for entry in entries:
        event = icalendar.Event()
        event.add("uid", f"lich-cong-tac-{entry.pk}@{hostname}")
        event.add("dtstamp", stamp)
        event.add("dtstart", local_datetime(entry.date, entry.start_time))
        end = entry.end_time or (dt.datetime.combine(entry.date, entry.start_time) + dt.timedelta(hours=1)).time()
        if end <= entry.start_time:
            end = dt.time(23, 59)
        event.add("dtend", local_datetime(entry.date, end))
        summary = entry.content
        if entry.status == entry.Status.POSTPONED:
            summary = f"[{entry.Status.POSTPONED.label}] {summary}"
        event.add("summary", summary)
        if entry.location:
            event.add("location", entry.location)
        event.add("description", entry.ical_description())
        event.add("url", url)
        event.add("status", ICAL_STATUS[entry.status])
        if entry.status_changed_at:
            event.add("last-modified", entry.status_changed_at)
            event.add("sequence", 1)
        calendar.add_component(event)
    calendar.add_missing_timezones()
    return calendar.to_ical()


def plain(text: str) -> str:
    return " ".join(strip_tags(text or "").split())
