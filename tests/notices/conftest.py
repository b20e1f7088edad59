from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from notices.models import Alert, MaintenanceWindow
from notices.schedule import forget_schedule

WARD_A = "ninhson.tayninh.localhost"
WARD_B = "hiepninh.tayninh.localhost"
CITY = "tayninh.localhost"


@pytest.fixture(autouse=True)
def fresh_schedule():
    """The cached schedule outlives a test's rolled back rows: every test starts and ends without it."""
    forget_schedule()
    yield
    forget_schedule()


def make_window(*units, starts_in=dt.timedelta(days=20), lasts=dt.timedelta(hours=4), **fields) -> MaintenanceWindow:
    starts_at = fields.pop("starts_at", timezone.now() + starts_in)
    window = MaintenanceWindow.objects.create(
        starts_at=starts_at,
        ends_at=fields.pop("ends_at", starts_at + lasts),
        reason=fields.pop("reason", "nâng cấp máy chủ"),
        reason_en=fields.pop("reason_en", "server upgrade"),
        all_units=not units,
        **fields,
    )
    window.units.set(units)
    return window


def make_alert(*units, severity=Alert.Severity.URGENT, lasts=dt.timedelta(hours=6), **fields) -> Alert:
    valid_from = fields.pop("valid_from", timezone.now() - dt.timedelta(minutes=5))
    alert = Alert.objects.create(
        title=fields.pop("title", "Cảnh báo bão số 5"),
        title_en=fields.pop("title_en", "Typhoon No. 5 warning"),
        body=fields.pop("body", "Bão số 5 đổ bộ trong đêm nay, người dân không ra khỏi nhà."),
        body_en=fields.pop("body_en", "Typhoon No. 5 makes landfall tonight: stay indoors."),
        severity=severity,
        valid_from=valid_from,
        valid_until=fields.pop("valid_until", valid_from + lasts),
        all_units=not units,
        **fields,
    )
    alert.units.set(units)
    return alert
