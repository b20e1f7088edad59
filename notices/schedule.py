"""What the public pages of a unit show now: the planned suspension announced or under way, the alerts in force,
and when that changes next (the page cache keeps no page past it).

Every window and alert not yet over is read in one query and kept in Django's cache (`CACHE_KEY`), so a page costs no
query for them; saving or deleting one (or a day of the working-day calendar, which moves a notice's first day) drops
the cached list (notices/signals.py). A cache outage falls back to the database, never to an error.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.utils import timezone

from workdays.calendar import local_zone, subtract_working_days

from .models import NOTICE_WORKING_DAYS, Alert, MaintenanceWindow

logger = logging.getLogger(__name__)

CACHE_KEY = "notices:schedule"
CACHE_TIMEOUT = 60 * 60
# A cache in each process's own memory (no REDIS_URL) is dropped on save in one process only: the others keep their
# copy at most this long, so a cancelled window or a new alert reaches every worker within half a minute.
LOCAL_CACHE_TIMEOUT = 30


def notice_starts_at(starts_at: dt.datetime) -> dt.datetime:
    """00:00 (Việt Nam) of the day `NOTICE_WORKING_DAYS` working days before the day the suspension starts: the
    notice runs on that many working days before it (Decree 224/2026/NĐ-CP Art. 13)."""
    first_day = subtract_working_days(starts_at, NOTICE_WORKING_DAYS)
    return dt.datetime.combine(first_day, dt.time.min, tzinfo=local_zone())


@dataclass(frozen=True)
class Window:
    pk: int
    notice_from: dt.datetime
    starts_at: dt.datetime
    ends_at: dt.datetime
    reason: str
    reason_en: str
    unit_ids: frozenset[int] | None  # None: every unit

    def affects(self, unit_id: int) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids

    def localized_reason(self, language: str) -> str:
        return self.reason_en if language == "en" and self.reason_en else self.reason

    def boundaries(self) -> tuple[dt.datetime, ...]:
        return (self.notice_from, self.starts_at, self.ends_at)


@dataclass(frozen=True)
class ShownAlert:
    pk: int
    title: str
    title_en: str
    body: str
    body_en: str
    severity: str
    valid_from: dt.datetime
    valid_until: dt.datetime
    unit_ids: frozenset[int] | None

    def affects(self, unit_id: int) -> bool:
        return self.unit_ids is None or unit_id in self.unit_ids

    def localized_title(self, language: str) -> str:
        return self.title_en if language == "en" and self.title_en else self.title

    def localized_body(self, language: str) -> str:
        return self.body_en if language == "en" and self.body_en else self.body

    @property
    def is_urgent(self) -> bool:
        return self.severity == Alert.Severity.URGENT

    def boundaries(self) -> tuple[dt.datetime, ...]:
        return (self.valid_from, self.valid_until)


@dataclass(frozen=True)
class Schedule:
    windows: tuple[Window, ...]
    alerts: tuple[ShownAlert, ...]


def _unit_ids(row) -> frozenset[int] | None:
    return None if row.all_units else frozenset(unit.pk for unit in row.units.all())


def load_schedule(now: dt.datetime | None = None) -> Schedule:
    """Every window and alert not over at `now`, from the database (two queries with their units)."""
    now = now or timezone.now()
    windows = tuple(
        Window(
            pk=row.pk,
            notice_from=notice_starts_at(row.starts_at),
            starts_at=row.starts_at,
            ends_at=row.ends_at,
            reason=row.reason,
            reason_en=row.reason_en,
            unit_ids=_unit_ids(row),
        )
        for row in MaintenanceWindow.objects.filter(ends_at__gt=now).prefetch_related("units").order_by("starts_at")
    )
    alerts = tuple(
        ShownAlert(
            pk=row.pk,
            title=row.title,
            title_en=row.title_en,
            body=row.body,
            body_en=row.body_en,
            severity=row.severity,
            valid_from=row.valid_from,
            valid_until=row.valid_until,
            unit_ids=_unit_ids(row),
        )
        for row in Alert.objects.filter(valid_until__gt=now).prefetch_related("units").order_by("-valid_from", "-pk")
    )
    return Schedule(windows, alerts)


def cache_timeout() -> int:
    """How long the schedule is kept: an hour in a shared cache (dropped everywhere on save), half a minute in a
    process's own memory (dropped on save in that process only)."""
    return LOCAL_CACHE_TIMEOUT if isinstance(caches["default"], LocMemCache) else CACHE_TIMEOUT


def current_schedule() -> Schedule:
    """`load_schedule()`, from the cache when it holds it."""
    try:
        cached = cache.get(CACHE_KEY)
    except Exception:  # a cache outage must not stop a page
        logger.warning("notices: cache unavailable, reading the schedule from the database", exc_info=True)
        return load_schedule()
    if isinstance(cached, Schedule):
        return cached
    schedule = load_schedule()
    try:
        cache.set(CACHE_KEY, schedule, cache_timeout())
    except Exception:
        logger.warning("notices: cache unavailable, the schedule is not cached", exc_info=True)
    return schedule


def forget_schedule() -> None:
    try:
        cache.delete(CACHE_KEY)
    except Exception:
        logger.warning("notices: cache unavailable, could not drop the cached schedule", exc_info=True)


SEVERITY_ORDER = {Alert.Severity.URGENT: 0, Alert.Severity.WARNING: 1, Alert.Severity.INFO: 2}


@dataclass(frozen=True)
class UnitNotices:
    """What the public pages of one unit show at one moment."""

    announced: Window | None  # the first window announced or under way
    running: Window | None  # the window under way (its pages answer 503)
    alerts: tuple[ShownAlert, ...]  # in force, the most severe first
    next_change: dt.datetime | None  # when any of that changes next


def notices_for_unit(unit_id: int, now: dt.datetime | None = None, schedule: Schedule | None = None) -> UnitNotices:
    now = now or timezone.now()
    schedule = schedule or current_schedule()
    windows = [window for window in schedule.windows if window.affects(unit_id) and window.ends_at > now]
    alerts = [alert for alert in schedule.alerts if alert.affects(unit_id) and alert.valid_until > now]
    shown_windows = [window for window in windows if window.notice_from <= now]
    running = next((window for window in shown_windows if window.starts_at <= now), None)
    in_force = sorted(
        (alert for alert in alerts if alert.valid_from <= now),
        key=lambda alert: (SEVERITY_ORDER.get(alert.severity, 9), -alert.valid_from.timestamp()),
    )
    upcoming = [moment for item in (*windows, *alerts) for moment in item.boundaries() if moment > now]
    return UnitNotices(
        announced=running or (shown_windows[0] if shown_windows else None),
        running=running,
        alerts=tuple(in_force),
        next_change=min(upcoming, default=None),
    )
