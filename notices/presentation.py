"""The words a page shows for a unit's notices, in the page's language (English falls back to Vietnamese)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from workdays.calendar import local_zone

from .models import Alert
from .schedule import UnitNotices


def moment_text(moment: dt.datetime) -> str:
    """“22:00 ngày 14/11/2026” (English: “22:00 on 14/11/2026”), in Việt Nam's time."""
    local = moment.astimezone(local_zone())
    return _("%(time)s ngày %(date)s") % {"time": f"{local:%H:%M}", "date": f"{local:%d/%m/%Y}"}


@dataclass(frozen=True)
class AlertView:
    pk: int
    severity: str
    severity_label: str
    urgent: bool
    title: str
    body: str
    until: str


@dataclass(frozen=True)
class NoticesView:
    maintenance: str  # the announcement of the suspension (“” when none)
    reason: str
    running: bool
    starts_text: str
    ends_text: str
    alerts: tuple[AlertView, ...]

    def __bool__(self) -> bool:
        return bool(self.maintenance or self.alerts)


def present(notices: UnitNotices, language: str | None = None) -> NoticesView:
    language = (language or get_language() or "vi")[:2]
    window = notices.announced
    maintenance = reason = ""
    if window is not None:
        texts = {"start": moment_text(window.starts_at), "end": moment_text(window.ends_at)}
        if notices.running:
            maintenance = _("Cổng thông tin đang tạm ngừng hoạt động để bảo trì đến %(end)s.") % texts
        else:
            maintenance = _("Cổng thông tin sẽ tạm ngừng hoạt động từ %(start)s đến %(end)s để bảo trì.") % texts
        reason = window.localized_reason(language)
    alerts = tuple(
        AlertView(
            pk=alert.pk,
            severity=alert.severity,
            severity_label=str(Alert.Severity(alert.severity).label),
            urgent=alert.is_urgent,
            title=alert.localized_title(language),
            body=alert.localized_body(language),
            until=_("Có hiệu lực đến %(end)s") % {"end": moment_text(alert.valid_until)},
        )
        for alert in notices.alerts
    )
    return NoticesView(
        maintenance=maintenance,
        reason=reason,
        running=notices.running is not None,
        starts_text=moment_text(window.starts_at) if window else "",
        ends_text=moment_text(window.ends_at) if window else "",
        alerts=alerts,
    )
