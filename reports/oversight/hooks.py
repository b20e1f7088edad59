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
from .audience import may_see_oversight, oversight_units
from .export_views import ReportDownloadView
from .periods import MONTH, Period
from .todo import todo_for_unit
from .views import OverviewView, UnitView, unit_url

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
    """The office's home page: the five units with the lowest score in the most recent kept month."""

    name = "oversight_lowest"
    template_name = "reports/oversight/panels/lowest.html"
    order = 35

    def __init__(self, period: Period | None, places: list | None, total: int):
        self.period, self.places, self.total = period, places, total

    def get_context_data(self, parent_context):
        rows = None
        if self.places is not None:
            rows = [
                {
                    "rank": place.rank,
                    "name": place.name,
                    "percent": charts.percent_text(float(place.percent)),
                    "url": unit_url(place.unit_id, self.period),
                }
                for place in self.places
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

    def __init__(self, period: Period, entries: list[dict], ranked_period: Period | None):
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


def _latest_kept(units=None):
    try:
        return report.latest_kept(units)
    except Exception:
        logger.exception("The kept oversight scores could not be read for the home page")
        return None


@hooks.register("construct_homepage_panels")
def add_oversight_panels(request, panels):
    """Nothing for users who see no oversight data (not a query more). The office: the lowest units of the most
    recent kept month (read, never computed nor written on a visit). A unit's administrator or board: each own unit's
    running month (its own checks only) with its rank in the most recent kept month."""
    user = request.user
    if not may_see_oversight(user):
        return
    today = calendar_today()
    if sees_all_units(user):
        kept = _latest_kept()
        if kept is None:
            panels.append(LowestUnitsPanel(None, None, 0))
            return
        period, places, total = kept
        lowest = sorted(places.values(), key=lambda place: (place.percent, place.name, place.unit_id))[:LOWEST_SHOWN]
        panels.append(LowestUnitsPanel(period, lowest, total))
        return
    units = list(oversight_units(user).order_by("pk"))
    if not units:
        return
    period = Period.containing(today, MONTH)
    kept = _latest_kept(units) or (None, {}, 0)
    ranked_period, places, total = kept
    # The member's own units' checks only (one report): the running month's rank would need every unit's checks.
    oversight = _build(period, units, today)
    entries = []
    for unit in units:
        line = oversight.for_unit(unit.pk) if oversight is not None else None
        place = places.get(unit.pk)
        entries.append(
            {
                "unit": unit,
                "line": line,
                "rank": place.rank if place else None,
                "total": total,
                "percent": charts.percent_text(line.percent) if line else "",
                "todo": todo_for_unit(unit, line, today).top(TODO_SHOWN),
                "url": unit_url(unit.pk, period),
                "built": oversight is not None,
            }
        )
    panels.append(OwnUnitPanel(period, entries, ranked_period))
