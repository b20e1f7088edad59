"""The superusers' *Lịch ngày làm việc* in the admin's Settings menu."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from . import views

calendar_urls = (
    [
        path("", views.CalendarIndexView.as_view(), name="index"),
        path("them/", views.CalendarDayFormView.as_view(), name="add"),
        path("<int:pk>/", views.CalendarDayFormView.as_view(), name="edit"),
        path("<int:pk>/xoa/", views.CalendarDayDeleteView.as_view(), name="delete"),
    ],
    "workdays_calendar",
)


@hooks.register("register_admin_urls")
def register_calendar_urls():
    return [path("lich-ngay-lam-viec/", include(calendar_urls, namespace="workdays_calendar"))]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_active and request.user.is_superuser


@hooks.register("register_settings_menu_item")
def register_calendar_menu_item():
    return SuperuserMenuItem(
        _("Lịch ngày làm việc"), reverse("workdays_calendar:index"), icon_name="calendar", name="workdays", order=160
    )
