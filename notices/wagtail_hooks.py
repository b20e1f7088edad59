"""*Lịch tạm ngừng cổng* (superusers) and *Cảnh báo trên các cổng* (the city's board) in the admin's Settings menu."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .permissions import issues_alerts, schedules_maintenance
from .views import ALERTS, MAINTENANCE, views_for


def urls_for(kind):
    index, form, delete = views_for(kind)
    return (
        [
            path("", index.as_view(), name="index"),
            path("them/", form.as_view(), name="add"),
            path("<int:pk>/", form.as_view(), name="edit"),
            path("<int:pk>/xoa/", delete.as_view(), name="delete"),
        ],
        kind.namespace,
    )


@hooks.register("register_admin_urls")
def register_notices_urls():
    return [
        path("tam-ngung-cong/", include(urls_for(MAINTENANCE), namespace=MAINTENANCE.namespace)),
        path("canh-bao/", include(urls_for(ALERTS), namespace=ALERTS.namespace)),
    ]


class PermittedMenuItem(MenuItem):
    def __init__(self, *args, allowed, **kwargs):
        super().__init__(*args, **kwargs)
        self.allowed = allowed

    def is_shown(self, request):
        return self.allowed(request.user)


@hooks.register("register_settings_menu_item")
def register_maintenance_menu_item():
    return PermittedMenuItem(
        _("Lịch tạm ngừng cổng"),
        reverse("notices_maintenance:index"),
        icon_name="time",
        name="maintenance",
        order=170,
        allowed=schedules_maintenance,
    )


@hooks.register("register_settings_menu_item")
def register_alerts_menu_item():
    return PermittedMenuItem(
        _("Cảnh báo trên các cổng"),
        reverse("notices_alerts:index"),
        icon_name="warning",
        name="alerts",
        order=175,
        allowed=issues_alerts,
    )
