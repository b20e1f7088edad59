"""The report's files in the admin: `admin/giam-sat/xuat/?ky=2026-11&dinh-dang=xlsx[&don-vi=<id>]`.

The oversight office and superusers download every unit (or one, with `don-vi`); a unit's administrator and board
download their own unit only (another unit's id is a 403); writers and everyone else get 403. Ranks are always the
city-wide ones: the report is built for every unit and narrowed to the units the user may read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseBadRequest
from django.utils.translation import gettext as _
from django.views import View
from django.views.defaults import permission_denied

from home.params import int_param
from sites.models import Unit
from workdays.calendar import today as calendar_today

from . import exports, report
from .audience import oversight_units
from .periods import Period
from .scoring import NoScoreTable


def not_begun(period: Period) -> str:
    return _("%(period)s chưa bắt đầu.") % {"period": period.label}


def no_table(error: NoScoreTable) -> str:
    """The error of a period no table applies to, with the next step."""
    return f"{error} " + _("Chọn kỳ có thang điểm hoặc tạo thang điểm tại Báo cáo → Thang điểm giám sát.")


class ReportDownloadView(View):
    def get(self, request):
        readable = set(oversight_units(request.user).values_list("pk", flat=True))
        if not readable:
            return permission_denied(request, PermissionDenied())
        chosen = request.GET.get("don-vi", "")
        if chosen:
            unit_id = int_param(chosen)
            if not unit_id or unit_id not in readable:
                return permission_denied(request, PermissionDenied())
            wanted = {unit_id}
        else:
            wanted = readable
        today = calendar_today()
        try:
            period = Period.parse(request.GET.get("ky") or Period.containing(today).key)
        except ValueError as error:
            return HttpResponseBadRequest(str(error), content_type="text/plain; charset=utf-8")
        if period.start > today:
            return HttpResponseBadRequest(not_begun(period), content_type="text/plain; charset=utf-8")
        file_format = request.GET.get("dinh-dang", "xlsx")
        if file_format not in exports.FORMATS:
            message = _("Định dạng không hợp lệ: chọn csv, xlsx hoặc json.")
            return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
        try:
            result = report.build(period, Unit.objects.select_related("site").order_by("name"), today)
        except NoScoreTable as error:
            return HttpResponseBadRequest(no_table(error), content_type="text/plain; charset=utf-8")
        result = report.only(result, wanted)
        single = result.units[0].unit if len(wanted) == 1 and result.units else None
        response = HttpResponse(exports.render(result, file_format), content_type=exports.CONTENT_TYPES[file_format])
        response["Content-Disposition"] = f'attachment; filename="{exports.filename(result, file_format, single)}"'
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response
