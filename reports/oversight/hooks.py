"""Admin registration of the oversight dashboard: its URLs (/admin/giam-sat/), the menu item and the admin home
page panels (the office: the five lowest units; a unit's administrator and board: their score and top to-dos).
Imported by one line from `reports/wagtail_hooks.py`."""

from __future__ import annotations

import logging

from django.templatetags.static import static
from django.urls import include, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component

from sites.access import sees_all_units
from workdays.calendar import today as calendar_today

from . import charts, report
from .export_views import ReportDownloadView
from .periods import MONTH, Period
from .todo import todo_for_unit
from .views import OverviewView, UnitView, may_see_oversight, oversight_units, unit_url

logger = logging.getLogger(__name__)

LOWEST_SHOWN = 5
TODO_SHOWN = 5

oversight_urlpatterns = [
    path("", OverviewView.as_view(), name="index"),
    path("don-vi/<int:unit_id>/", UnitView.as_view(), name="unit"),
    path("xuat/", ReportDownloadView.as_view(), name="export"),
]


@hooks.register("register_admin_urls")
def register_oversight_urls():
    return [path("giam-sat/", include((oversight_urlpatterns, "reports_oversight"), namespace="reports_oversight"))]


class OversightMenuItem(MenuItem):
    """Shown to the office, superusers and the administrators and board members of a unit; never to writers."""

    def is_shown(self, request):
        return may_see_oversight(request.user)


@hooks.register("register_admin_menu_item")
def register_oversight_menu_item():
    # A top-level item: the office opens it every day, and a unit's board finds its score without hunting in Reports.
    return OversightMenuItem(
        _("Giám sát cổng thành phần"),
        reverse("reports_oversight:index"),
        icon_name="tasks",
        name="oversight",
        order=250,
    )


@hooks.register("insert_global_admin_css")
def oversight_admin_css():
    # Global: the home page panels use it too.
    return format_html('<link rel="stylesheet" href="{}">', static("css/oversight-admin.css"))


class LowestUnitsPanel(Component):
    """The office's home page: the five units with the lowest score in the last closed month."""

    name = "oversight_lowest"
    template_name = "reports/oversight/panels/lowest.html"
    order = 35

    def __init__(self, period: Period, lines: list | None, total: int):
        self.period, self.lines, self.total = period, lines, total

    def get_context_data(self, parent_context):
        rows = None
        if self.lines is not None:
            rows = [
                {"line": line, "percent": charts.percent_text(line.percent), "url": unit_url(line.unit.pk, self.period)}
                for line in self.lines
            ]
        return {
            "period": self.period,
            "rows": rows,
            "total": self.total,
            "index_url": reverse("reports_oversight:index"),
        }


class OwnUnitPanel(Component):
    """A unit's administrator or board member: the unit's score this month and the five most pressing to-dos."""

    name = "oversight_own_unit"
    template_name = "reports/oversight/panels/own_unit.html"
    order = 35

    def __init__(self, period: Period, entries: list[dict], ranked_period: Period):
        self.period, self.entries, self.ranked_period = period, entries, ranked_period

    def get_context_data(self, parent_context):
        return {"period": self.period, "entries": self.entries, "ranked_period": self.ranked_period}


def _build(period: Period, units, today):
    """The month's report, or None: a failure of the report must not take the admin home page down."""
    try:
        return report.build(period, units, today)
    except Exception:
        logger.exception("The oversight report of %s could not be built for the home page", period)
        return None


@hooks.register("construct_homepage_panels")
def add_oversight_panels(request, panels):
    """The office: the lowest units of the last closed month (kept scores: read, not recomputed, on each visit).
    A unit's administrator or board: the unit's running month (its own checks only) with its rank in the last
    closed month."""
    user = request.user
    today = calendar_today()
    period = Period.containing(today, MONTH)
    closed = _build(period.previous(), None, today)
    if sees_all_units(user):
        lowest = None if closed is None else list(reversed(closed.units[-LOWEST_SHOWN:]))
        panels.append(LowestUnitsPanel(period.previous(), lowest, len(closed.units) if closed else 0))
        return
    units = list(oversight_units(user).order_by("pk"))
    if not units:
        return
    oversight = _build(period, units, today)
    lines = {line.unit.pk: line for line in oversight.units} if oversight is not None else {}
    ranks = {line.unit.pk: line.rank for line in closed.units} if closed is not None else {}
    entries = []
    for unit in units:
        line = lines.get(unit.pk)
        entries.append(
            {
                "unit": unit,
                "line": line,
                "rank": ranks.get(unit.pk),
                "total": len(closed.units) if closed else 0,
                "percent": charts.percent_text(line.percent) if line else "",
                "todo": todo_for_unit(unit, line, today).top(TODO_SHOWN),
                "url": unit_url(unit.pk, period),
                "built": oversight is not None,
            }
        )
    panels.append(OwnUnitPanel(period, entries, period.previous()))
