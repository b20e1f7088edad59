"""Admin URLs and the Reports menu entry of the satisfaction rating report."""

from __future__ import annotations

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from .rating_admin import RatingExportView, RatingReportView, rating_units

rating_report_urls = (
    [
        path("", RatingReportView.as_view(), name="index"),
        path("xuat/", RatingExportView.as_view(), name="export"),
    ],
    "participation_ratings",
)


@hooks.register("register_admin_urls")
def register_rating_report_urls():
    return [path("danh-gia-hai-long/", include(rating_report_urls, namespace="participation_ratings"))]


class RatingReaderMenuItem(MenuItem):
    def is_shown(self, request):
        return rating_units(request.user).exists()


@hooks.register("register_reports_menu_item")
def register_rating_report_menu_item():
    return RatingReaderMenuItem(
        _("Đánh giá mức độ hài lòng"), reverse("participation_ratings:index"), icon_name="pick", name="ratings"
    )
