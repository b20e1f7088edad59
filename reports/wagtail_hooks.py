"""The reports menu: the unit activity log, the English translation status; the dashboard's overdue schedule panel."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from sites.access import units_for_user

from .activity import UnitActivityView
from .overdue_schedule import OverdueSchedulePanel, overdue_schedule
from .oversight import hooks as oversight_hooks  # noqa: F401 — registers the oversight dashboard
from .oversight import table_admin  # noqa: F401  (the score tables' and the report downloads' admin URLs and menu)
from .site_summary import count_in_users_units
from .translation_status import TranslationStatusView

activity_urls = (
    [
        path("", UnitActivityView.as_view(), name="index"),
        path("results/", UnitActivityView.as_view(results_only=True), name="results"),
    ],
    "reports_activity",
)

translation_status_urls = (
    [
        path("", TranslationStatusView.as_view(), name="index"),
        path("results/", TranslationStatusView.as_view(results_only=True), name="results"),
    ],
    "reports_translation_status",
)


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path("unit-activity/", include(activity_urls, namespace="reports_activity")),
        path("reports/ban-dich-tieng-anh/", include(translation_status_urls, namespace="reports_translation_status")),
    ]


class UnitMemberMenuItem(MenuItem):
    """Shown to everyone who belongs to (or oversees) at least one unit."""

    def is_shown(self, request):
        return units_for_user(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_activity_menu_item():
    return UnitMemberMenuItem(
        _("Nhật ký hoạt động đơn vị"), reverse("reports_activity:index"), icon_name="history", name="unit-activity"
    )


@hooks.register("register_reports_menu_item")
def register_translation_status_menu_item():
    return UnitMemberMenuItem(
        _("Bản dịch tiếng Anh"),
        reverse("reports_translation_status:index"),
        icon_name="globe",
        name="english-translations",
    )


@hooks.register("construct_homepage_panels")
def add_overdue_schedule_panel(request, panels):
    overdue = overdue_schedule(request.user)
    if overdue:
        panels.append(OverdueSchedulePanel(overdue))


# After Wagtail's own hooks (order 0) have added their items.
hooks.register("construct_homepage_summary_items", count_in_users_units, order=100)
from . import guidance_hooks  # noqa: E402, F401  (guidance: the office writes, every unit member reads)
